using System.Buffers.Binary;
using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

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
    public void ReadAllRefusesMoreSamplesThanOneArrayHoldsWithoutReading()
    {
        // A sparse 2.2 GB file (no disk blocks used on Linux): 8-bit mono, so 2.2e9 samples > Array.MaxLength.
        long dataBytes = 2_200_000_000;
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), 8000);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), 8000);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 8);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)dataBytes);
        var path = Path.Combine(_dir, "huge.wav");
        using (var f = File.Create(path))
        {
            f.Write(header);
            f.SetLength(44 + dataBytes);
        }

        var e = Assert.Throws<AudioFileException>(() => AudioFile.ReadAll(path));
        Assert.Contains("too large to read into memory (2200000000 frames x 1 channels", e.Problem);

        // Streaming the same file is fine: it never needs more than its block.
        using var r = AudioFile.Open(path);
        Assert.Equal(dataBytes, r.TotalFrames);
        var block = new int[4096];
        Assert.Equal(4096, r.ReadInt32(block));
        Assert.All(block, v => Assert.Equal(-128, v)); // unsigned 0 on disk
    }

    [Fact]
    public void Rf64SizesBeyond4GiBAreRead()
    {
        // Sparse RF64 file whose ds64 declares 5 GiB of 16-bit stereo data.
        long dataBytes = 5L << 30;
        var h = new byte[12 + 36 + 24 + 8];
        "RF64"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), uint.MaxValue);
        "WAVEds64"u8.CopyTo(h.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 28);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(20), h.Length - 8 + dataBytes);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(28), dataBytes);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(36), dataBytes / 4);
        "fmt "u8.CopyTo(h.AsSpan(48));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(52), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(56), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(58), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(60), 48000);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(64), 192000);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(68), 4);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(70), 16);
        "data"u8.CopyTo(h.AsSpan(72));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(76), uint.MaxValue);
        var path = Path.Combine(_dir, "big-rf64.wav");
        using (var f = File.Create(path))
        {
            f.Write(h);
            f.SetLength(h.Length + dataBytes);
        }

        using var r = AudioFile.Open(path);
        Assert.Equal(dataBytes / 4, r.TotalFrames);
        var block = new float[2 * 1000];
        Assert.Equal(1000, r.Read(block));
        Assert.Throws<AudioFileException>(() => AudioFile.ReadAll(path));
    }

    [Fact]
    public void ReadAllOfAnEmptyWavGivesNoFrames()
    {
        var buffer = AudioFile.ReadAll(Path.Combine(AppContext.BaseDirectory, "fixtures", "audio", "empty_pcm16.wav"));
        Assert.Equal(0, buffer.Frames);
        Assert.Equal(16000, buffer.SampleRate);
    }
}
