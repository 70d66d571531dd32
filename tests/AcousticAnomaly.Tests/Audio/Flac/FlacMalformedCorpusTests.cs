using AcousticAnomaly.Audio;
using AcousticAnomaly.Audio.Flac;
using Xunit;

namespace AcousticAnomaly.Tests.Audio.Flac;

/// <summary>Every broken FLAC in fixtures/malformed (made by make_flac_corpus.py) fails cleanly, naming file and problem.</summary>
public class FlacMalformedCorpusTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "malformed");

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(Folder, "*.flac").OrderBy(f => f).Select(f => new object[] { Path.GetFileName(f) });

    [Fact]
    public void CorpusHasAtLeastSixFiles() => Assert.True(Files().Count() >= 6);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task OpeningAndReadingToTheEndThrowsAudioFileException(string name)
    {
        string path = Path.Combine(Folder, name);
        // Run on a worker so a decoder that spins forever fails the test instead of hanging the run.
        var task = Task.Run(() => Record.Exception(() =>
        {
            using var reader = FlacReader.Open(path);
            var buf = new float[4096 * reader.Format.Channels];
            while (reader.Read(buf) > 0) { }
        }));
        var result = await task.WaitAsync(TimeSpan.FromSeconds(20)); // TimeoutException fails the test
        var ex = Assert.IsType<AudioFileException>(result);
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ": ", ex.Message);
        Assert.False(string.IsNullOrWhiteSpace(ex.Problem));
    }

    [Theory]
    [InlineData("crc_mismatch.flac", "CRC")]
    [InlineData("truncated_mid_frame.flac", "at sample 1152")] // cut inside the second 1152-sample block
    [InlineData("zero_length.flac", "empty")]
    [InlineData("truncated_after_header.flac", "at sample 0")]
    public void ProblemIsDescribed(string name, string expected)
    {
        string path = Path.Combine(Folder, name);
        var ex = Assert.Throws<AudioFileException>(() =>
        {
            using var reader = FlacReader.Open(path);
            var buf = new int[4096];
            while (reader.ReadInt32(buf) > 0) { }
        });
        Assert.Contains(expected, ex.Problem);
    }

    [Theory]
    [InlineData("crc_mismatch.flac")]
    [InlineData("truncated_mid_frame.flac")]
    public void ReadingAgainAfterTheErrorThrowsAgain(string name)
    {
        using var reader = FlacReader.Open(Path.Combine(Folder, name));
        var buf = new float[4096];
        Assert.Throws<AudioFileException>(() => { while (reader.Read(buf) > 0) { } });
        Assert.Throws<AudioFileException>(() => reader.Read(buf));
    }
}
