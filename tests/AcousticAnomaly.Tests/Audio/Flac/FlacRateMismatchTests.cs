using AcousticAnomaly.Audio;
using AcousticAnomaly.Audio.Flac;
using Xunit;

namespace AcousticAnomaly.Tests.Audio.Flac;

/// <summary>Issue 15 item 15: a FLAC whose STREAMINFO rate disagrees with its frames is refused, not mis-timed.</summary>
public class FlacRateMismatchTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void StreamInfoRateThatDisagreesWithTheFramesIsRefused()
    {
        string path = Path.Combine(_dir, "liar.flac");
        using (var w = new FlacWriter(path, new FlacWriterOptions(16000, 1, 16)))
        {
            w.Write(FlacTestSupport.Signal(8000, 1, 16, 3));
            w.Complete();
        }
        // STREAMINFO's 20-bit rate starts at byte 18 ('fLaC', block header, 10 bytes of block/frame sizes): say 44100.
        var bytes = File.ReadAllBytes(path);
        int rate = 44100;
        bytes[18] = (byte)(rate >> 12);
        bytes[19] = (byte)(rate >> 4);
        bytes[20] = (byte)(((rate & 0xF) << 4) | (bytes[20] & 0x0F));
        File.WriteAllBytes(path, bytes);

        using var reader = AudioFile.Open(path);
        Assert.Equal(44100, reader.Format.SampleRate);
        var e = Assert.Throws<AudioFileException>(() => reader.Read(new float[4096]));
        Assert.Contains("frame sample rate 16000 Hz differs from STREAMINFO's 44100 Hz", e.Message);
    }
}
