using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests;

/// <summary>AudioFile.Open chooses the reader by content and refuses everything else with a clear message.</summary>
public sealed class AudioFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aa-audiofile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void MissingFile()
    {
        var path = Path.Combine(_dir, "nope.wav");
        var e = Assert.Throws<AudioFileException>(() => AudioFile.Open(path));
        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public void Directory_IsRefused()
    {
        var e = Assert.Throws<AudioFileException>(() => AudioFile.Open(_dir));
        Assert.Contains("is a directory", e.Problem);
    }

    [Fact]
    public void EmptyFile()
    {
        var path = Write("empty.flac", []);
        Assert.Equal("file is empty", Assert.Throws<AudioFileException>(() => AudioFile.Open(path)).Problem);
    }

    [Fact]
    public void WavIsSniffedByContentNotExtension()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "fixtures", "audio", "pcm24_stereo.wav");
        var path = Write("really-a-wav.flac", File.ReadAllBytes(source));
        using var reader = AudioFile.Open(path);
        Assert.IsType<WavReader>(reader);
        Assert.Equal(24, reader.Format.BitsPerSample);
    }

    [Fact]
    public void OtherContentNamesItsFirstBytes()
    {
        var path = Write("song.wav", "ID3\u0004junk"u8.ToArray());
        var e = Assert.Throws<AudioFileException>(() => AudioFile.Open(path));
        Assert.Equal("not a WAV or FLAC file (starts with 49 44 33 04 'ID3\\x04')", e.Problem);
    }

    [Fact]
    public void FlacMagicGoesToTheFlacPathNotTheUnknownFormatError()
    {
        // Whatever the FLAC reader says about a broken stream, it is an AudioFileException and not "not a WAV or FLAC".
        var path = Write("broken.flac", "fLaC\0\0\0\u0022garbage"u8.ToArray());
        var e = Assert.Throws<AudioFileException>(() => AudioFile.Open(path).Dispose());
        Assert.DoesNotContain("not a WAV or FLAC", e.Problem);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void TinyFileShorterThanAMagic()
    {
        var path = Write("two.wav", [0x52, 0x49]);
        var e = Assert.Throws<AudioFileException>(() => AudioFile.Open(path));
        Assert.Contains("not a WAV or FLAC file (starts with 52 49 'RI')", e.Problem);
    }

    [Fact]
    public void ReadAllOfAnEmptyWavGivesNoFrames()
    {
        var buffer = AudioFile.ReadAll(Path.Combine(AppContext.BaseDirectory, "fixtures", "audio", "empty_pcm16.wav"));
        Assert.Equal(0, buffer.Frames);
        Assert.Equal(16000, buffer.SampleRate);
    }
}
