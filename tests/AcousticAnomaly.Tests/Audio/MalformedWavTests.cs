using System.Text.Json;
using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

/// <summary>
/// Every tests/fixtures/malformed/*.wav (made by make_wav_corpus.py) must be refused with an AudioFileException that
/// names the file and the specific problem listed in expected-wav.json - never another exception type.
/// </summary>
public class MalformedWavTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "fixtures", "malformed");

    private static readonly Dictionary<string, string> Expected =
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Dir, "expected-wav.json")))!;

    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "malformed"), "*.wav").Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Fact]
    public void CorpusAndExpectationsAgree()
    {
        var files = Directory.GetFiles(Dir, "*.wav").Select(f => Path.GetFileName(f)!).Order().ToList();
        Assert.Equal(files, Expected.Keys.Order().ToList());
        Assert.True(files.Count >= 16);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void IsRefusedWithASpecificMessage(string name)
    {
        var path = Path.Combine(Dir, name);
        var e = Assert.Throws<AudioFileException>(() => ReadEverything(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(Expected[name], e.Problem);
    }

    private static void ReadEverything(string path)
    {
        using var reader = AudioFile.Open(path);
        var block = new float[4096 * reader.Format.Channels];
        while (reader.Read(block) > 0) { }
    }
}
