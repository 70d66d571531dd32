using AcousticAnomaly.Audio;
using AcousticAnomaly.Audio.Flac;
using Xunit;

namespace AcousticAnomaly.Tests.Audio.Flac;

/// <summary>Round trips through the real libFLAC, checked by the reference flac/metaflac CLIs.</summary>
public class FlacWriterReaderTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();
    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData(16, 1, 0)]
    [InlineData(16, 2, 5)]
    [InlineData(16, 8, 8)]
    [InlineData(24, 1, 8)]
    [InlineData(24, 2, 0)]
    [InlineData(24, 8, 5)]
    [InlineData(8, 2, 5)]
    public void RoundTripIsSampleExactAndAcceptedByReferenceTools(int bits, int channels, int level)
    {
        const int rate = 16000, frames = 20_011; // not a multiple of any block size: a short last frame
        var samples = FlacTestSupport.Signal(frames, channels, bits, seed: bits * 100 + channels * 10 + level);
        string path = Path.Combine(_dir, $"rt_{bits}_{channels}_{level}.flac");
        using (var w = new FlacWriter(path, new FlacWriterOptions(rate, channels, bits, level, Verify: true, TotalSamplesEstimate: frames)))
        {
            // Uneven chunks, as a streaming caller would write them.
            int pos = 0, chunk = 777;
            while (pos < frames)
            {
                int n = Math.Min(chunk, frames - pos);
                w.Write(samples.AsSpan(pos * channels, n * channels));
                pos += n;
                chunk = chunk * 3 % 4001 + 1;
            }
            w.Complete();
            Assert.Equal(frames, w.FramesWritten);
        }

        var decoded = FlacTestSupport.DecodeAll(path, out var format);
        Assert.Equal(new AudioFormat(rate, channels, bits, SampleEncoding.Pcm), format);
        Assert.Equal(samples, decoded);

        var info = FlacStreamInfo.Read(path);
        Assert.Equal((rate, channels, bits, (long)frames), (info.SampleRate, info.Channels, info.BitsPerSample, info.TotalSamples));

        var test = FlacTestSupport.Run("flac", "-t", "-s", path);
        Assert.True(test.Code == 0, test.Output);
        Assert.Equal(frames.ToString(), FlacTestSupport.Run("metaflac", "--show-total-samples", path).Output.Trim());
        Assert.Equal(info.Md5, FlacTestSupport.Run("metaflac", "--show-md5sum", path).Output.Trim());
    }

    [Fact]
    public void FloatReadIsScaledByTwoToTheBitsMinusOne()
    {
        string path = Path.Combine(_dir, "scale.flac");
        int[] s = { -32768, 0, 16384, 32767 };
        using (var w = new FlacWriter(path, new FlacWriterOptions(8000, 1, 16)))
        {
            w.Write(s);
            w.Complete();
        }
        using var r = FlacReader.Open(path);
        var f = new float[10];
        Assert.Equal(4, r.Read(f));
        Assert.Equal(new[] { -1f, 0f, 0.5f, 32767f / 32768f }, f[..4]);
        Assert.Equal(4, r.Position);
        Assert.Equal(4, r.TotalFrames);
        Assert.Equal(0, r.Read(f));
    }

    [Fact]
    public void DecodesAFileWrittenByTheFlacCli()
    {
        var samples = FlacTestSupport.Signal(5000, 2, 16, seed: 7);
        string wav = Path.Combine(_dir, "cli.wav"), flac = Path.Combine(_dir, "cli.flac");
        FlacTestSupport.WriteWav(wav, samples, 16000, 2);
        var enc = FlacTestSupport.Run("flac", "-s", "-8", "-o", flac, wav);
        Assert.True(enc.Code == 0, enc.Output);
        Assert.Equal(samples, FlacTestSupport.DecodeAll(flac, out _));
    }

    [Fact]
    public void OutOfRangeSampleIsRejectedWithItsPosition()
    {
        string path = Path.Combine(_dir, "range.flac");
        using var w = new FlacWriter(path, new FlacWriterOptions(8000, 2, 16));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => w.Write(new[] { 0, 0, 1, 40000 }));
        Assert.Contains("frame 1", ex.Message);
    }

    [Fact]
    public void UnwritableTargetThrowsNamingTheFile()
    {
        string path = Path.Combine(_dir, "no-such-dir", "x.flac");
        var ex = Assert.Throws<IOException>(() => new FlacWriter(path, new FlacWriterOptions(8000, 1, 16)));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void AudioFileOpensFlacByContentWhateverTheExtension()
    {
        string path = Path.Combine(_dir, "recording.bin");
        var s = FlacTestSupport.Signal(3000, 2, 24, seed: 5);
        using (var w = new FlacWriter(path, new FlacWriterOptions(48000, 2, 24)))
        {
            w.Write(s);
            w.Complete();
        }
        var all = AudioFile.ReadAll(path);
        Assert.Equal(new AudioFormat(48000, 2, 24), all.Format);
        Assert.Equal(s.Select(v => v / 8388608f), all.Samples);
    }

    [Fact]
    public void LibraryCandidatesIncludeDebianSoname()
    {
        Assert.True(FlacNative.IsAvailable);
        Assert.Contains("libFLAC.so.12", FlacNative.CandidateNames());
    }
}
