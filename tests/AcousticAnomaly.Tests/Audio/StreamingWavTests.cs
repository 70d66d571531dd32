using System.Text.Json;
using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

/// <summary>
/// Issue 15 item 14: WAVs from streaming writers (sizes 0, 0xFFFFFFFF or sox's 0x7FFFF000 because the output could not
/// seek) are read to the end of the file, as sox and libsndfile read them. Corpus: tests/fixtures/wav-streaming.
/// </summary>
public class StreamingWavTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "fixtures", "wav-streaming");

    private static readonly Dictionary<string, long> Expected =
        JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(Path.Combine(Dir, "expected-frames.json")))!;

    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Dir, "*.wav").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void IsReadToTheEndOfTheFile(string name)
    {
        using var reader = WavReader.Open(Path.Combine(Dir, name));
        Assert.True(reader.LengthFromFileSize);
        Assert.Equal(Expected[name], reader.TotalFrames);
        var block = new float[1000 * reader.Format.Channels];
        long frames = 0;
        int n;
        while ((n = reader.Read(block)) > 0) frames += n;
        Assert.Equal(Expected[name], frames);
        Assert.Null(reader.DescribeUndeclaredBytes());
    }

    [Fact]
    public void SoxPipeOutputDecodesToTheSineSoxWrote()
    {
        var audio = AudioFile.ReadAll(Path.Combine(Dir, "sox_pipe.wav"));
        Assert.Equal(1600, audio.Samples.Length);
        // A 440 Hz tone for 0.1 s rises through zero 44 times; header bytes misread as samples would not.
        int rising = 0;
        for (int i = 1; i < audio.Samples.Length; i++) if (audio.Samples[i - 1] < 0 && audio.Samples[i] >= 0) rising++;
        Assert.InRange(rising, 43, 45);
    }

    [Fact]
    public void AnExactSizeStillWins()
    {
        // A genuinely empty data chunk followed by another chunk is an empty file, not a streaming placeholder.
        string path = Path.Combine(FlacTestSupport.TempDir(), "empty.wav");
        try
        {
            FlacTestSupport.WriteWav(path, Array.Empty<int>(), 16000, 1);
            File.AppendAllBytes(path, "LIST\x04\0\0\0INFO"u8.ToArray());
            using var reader = WavReader.Open(path);
            Assert.Equal(0, reader.TotalFrames);
            Assert.False(reader.LengthFromFileSize);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, true);
        }
    }
}
