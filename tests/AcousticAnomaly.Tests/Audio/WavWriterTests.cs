using System.Buffers.Binary;
using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

public sealed class WavWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aa-wavwriter-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static float[] Signal(int frames, int channels, int seed)
    {
        var rng = new Random(seed);
        var x = new float[frames * channels];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm16, 16, 1)]
    [InlineData(WavSampleFormat.Pcm24, 24, 3)]
    [InlineData(WavSampleFormat.Pcm32, 32, 2)]
    [InlineData(WavSampleFormat.Float32, 32, 8)]
    public void FloatRoundTripIsExactAfterQuantisation(WavSampleFormat format, int bits, int channels)
    {
        var path = Path.Combine(_dir, $"rt-{format}.wav");
        var x = Signal(1001, channels, 1);
        using (var w = new WavWriter(path, 22050, channels, format))
        {
            w.Write(x.AsSpan(0, 500 * channels));
            w.Write(x.AsSpan(500 * channels));
            Assert.Equal(1001, w.FramesWritten);
        }

        var buffer = AudioFile.ReadAll(path);
        Assert.Equal(new AudioFormat(22050, channels, bits,
            format == WavSampleFormat.Float32 ? SampleEncoding.Float : SampleEncoding.Pcm), buffer.Format);
        Assert.Equal(1001, buffer.Frames);
        double scale = format switch { WavSampleFormat.Pcm16 => 32768, WavSampleFormat.Pcm24 => 8388608, _ => 2147483648 };
        for (int i = 0; i < x.Length; i++)
        {
            float expected = format == WavSampleFormat.Float32
                ? x[i]
                : (float)(Math.Clamp(Math.Round(x[i] * scale), -scale, scale - 1) / scale);
            Assert.Equal(expected, buffer.Samples[i]);
        }
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm16, 16)]
    [InlineData(WavSampleFormat.Pcm24, 24)]
    [InlineData(WavSampleFormat.Pcm32, 32)]
    public void IntegerRoundTripIsLossless(WavSampleFormat format, int bits)
    {
        var path = Path.Combine(_dir, $"int-{format}.wav");
        int max = (int)((1L << (bits - 1)) - 1), min = -max - 1;
        var rng = new Random(bits);
        var values = new int[3 * 777];
        for (int i = 0; i < values.Length; i++) values[i] = (int)rng.NextInt64(min, (long)max + 1);
        values[0] = min;
        values[1] = max;
        values[2] = 0;
        using (var w = new WavWriter(path, 8000, 3, format)) w.WriteInt32(values);

        using var r = WavReader.Open(path);
        var back = new int[values.Length];
        Assert.Equal(777, r.ReadInt32(back));
        Assert.Equal(values, back);
    }

    [Fact]
    public void PcmClampsRoundsAndZeroesNaN()
    {
        var path = Path.Combine(_dir, "clamp.wav");
        using (var w = new WavWriter(path, 8000, 1, WavSampleFormat.Pcm16))
            w.Write([2f, -2f, 1f, -1f, float.NaN, 0.5f / 32768, 1.5f / 32768, -0.6f / 32768]);
        using var r = WavReader.Open(path);
        var v = new int[8];
        r.ReadInt32(v);
        Assert.Equal(new[] { 32767, -32768, 32767, -32768, 0, 0, 2, -1 }, v); // half to even: 0.5 -> 0, 1.5 -> 2
    }

    [Fact]
    public void OutOfRangeIntegersRejectTheWholeCall()
    {
        var path = Path.Combine(_dir, "range.wav");
        using (var w = new WavWriter(path, 8000, 1, WavSampleFormat.Pcm24))
        {
            w.WriteInt32([1, 2]);
            Assert.Throws<ArgumentOutOfRangeException>(() => w.WriteInt32([3, 8388608]));
            Assert.Equal(2, w.FramesWritten);
        }
        using var r = WavReader.Open(path);
        Assert.Equal(2, r.TotalFrames);
    }

    [Fact]
    public void IntegersIntoFloatAndPartialFramesAreRefused()
    {
        using var w = new WavWriter(Path.Combine(_dir, "f.wav"), 8000, 2, WavSampleFormat.Float32);
        Assert.Throws<NotSupportedException>(() => w.WriteInt32([1, 2]));
        Assert.Throws<ArgumentException>(() => w.Write([0.1f, 0.2f, 0.3f]));
    }

    [Fact]
    public void OddDataSizeGetsAPadByteAndSoxLayoutChecks()
    {
        var path = Path.Combine(_dir, "odd.wav");
        using (var w = new WavWriter(path, 8000, 1, WavSampleFormat.Pcm24)) w.WriteInt32([1, -1, 5]);
        var raw = File.ReadAllBytes(path);
        Assert.Equal(0, raw.Length % 2);
        Assert.Equal(raw.Length - 8L, (long)BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(4)));
        Assert.Equal(9L, (long)BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 1 - 9 - 4)));
        using var r = WavReader.Open(path);
        Assert.Equal(3, r.TotalFrames);
    }

    [Fact]
    public void FloatFileCarriesFactChunkWithFrameCount()
    {
        var path = Path.Combine(_dir, "fact.wav");
        using (var w = new WavWriter(path, 8000, 2, WavSampleFormat.Float32)) w.Write(new float[2 * 123]);
        var raw = File.ReadAllBytes(path);
        int fact = raw.AsSpan().IndexOf("fact"u8);
        Assert.True(fact > 0);
        Assert.Equal(123L, (long)BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(fact + 8)));
    }

    [Fact]
    public void KilledWriterLeavesAValidFileMissingAtMostTheLastSecond()
    {
        // The writer is never disposed while we copy: the copy is what a crash at that instant would leave on disk.
        var path = Path.Combine(_dir, "live.wav");
        const int rate = 16000;
        var w = new WavWriter(path, rate, 2, WavSampleFormat.Pcm16);
        try
        {
            var block = Signal(rate / 10, 2, 7);
            var started = DateTime.UtcNow;
            while (DateTime.UtcNow - started < TimeSpan.FromSeconds(1.6))
            {
                w.Write(block);
                Thread.Sleep(50);
            }
            long written = w.FramesWritten;
            var copy = Path.Combine(_dir, "crash-copy.wav");
            CopyWhileOpen(path, copy);

            using var r = WavReader.Open(copy);
            Assert.True(r.TotalFrames >= written - rate, $"copy holds {r.TotalFrames} of {written} frames");
            Assert.True(r.TotalFrames > 0);
            var got = new int[r.TotalFrames * 2];
            r.ReadInt32(got);
            for (int i = 0; i < got.Length; i++)
                Assert.Equal((int)Math.Clamp(Math.Round(block[i % block.Length] * 32768.0), -32768, 32767), got[i]);
        }
        finally
        {
            w.Dispose();
        }
    }

    [Fact]
    public void IdleWriterStillSavesItsLastSamples()
    {
        // One write, then silence: the timer must push the samples and header out without another call.
        var path = Path.Combine(_dir, "idle.wav");
        using var w = new WavWriter(path, 16000, 1, WavSampleFormat.Pcm16);
        w.Write(Signal(1234, 1, 3));
        long frames = 0;
        for (int i = 0; i < 50 && frames < 1234; i++)
        {
            Thread.Sleep(100);
            var copy = Path.Combine(_dir, $"idle-copy-{i}.wav");
            CopyWhileOpen(path, copy);
            using var r = WavReader.Open(copy);
            frames = r.TotalFrames;
        }
        Assert.Equal(1234, frames);
    }

    [Fact]
    public void FlushMakesEverythingVisibleAtOnce()
    {
        var path = Path.Combine(_dir, "flush.wav");
        using var w = new WavWriter(path, 16000, 1, WavSampleFormat.Float32);
        w.Write(Signal(100, 1, 4));
        w.Flush();
        var copy = Path.Combine(_dir, "flush-copy.wav");
        CopyWhileOpen(path, copy);
        using var r = WavReader.Open(copy);
        Assert.Equal(100, r.TotalFrames);
    }

    [Fact]
    public void AtomicWriterOnlyAppearsOnCommit()
    {
        var path = Path.Combine(_dir, "out.wav");
        File.WriteAllText(path, "previous content");
        using (var w = WavWriter.CreateAtomic(path, 8000, 1, WavSampleFormat.Pcm16))
        {
            Assert.NotEqual(path, w.WritePath);
            Assert.Equal(_dir, Path.GetDirectoryName(w.WritePath));
            w.Write(Signal(50, 1, 5));
            w.Flush();
            Assert.Equal("previous content", File.ReadAllText(path));
            w.Commit();
            Assert.False(File.Exists(w.WritePath));
        }
        using var r = WavReader.Open(path);
        Assert.Equal(50, r.TotalFrames);
    }

    [Fact]
    public void AtomicWriterDisposedWithoutCommitLeavesNothing()
    {
        var path = Path.Combine(_dir, "abandoned.wav");
        string temp;
        using (var w = WavWriter.CreateAtomic(path, 8000, 1, WavSampleFormat.Pcm16))
        {
            temp = w.WritePath;
            w.Write(Signal(50, 1, 6));
            Assert.True(File.Exists(temp));
        }
        Assert.False(File.Exists(temp));
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void FileOutgrowingTheRiffLimitBecomesRf64()
    {
        // The real limit is 4 GiB; the threshold is lowered so the switch happens after a few hundred bytes.
        var path = Path.Combine(_dir, "big.wav");
        var x = Signal(3000, 2, 9);
        using (var w = new WavWriter(path, 16000, 2, WavSampleFormat.Float32) { Rf64ThresholdBytes = 1000 })
        {
            w.Write(x.AsSpan(0, 100));
            w.Flush();
            Assert.Equal("RIFF"u8.ToArray(), ReadHead(path, 4));
            w.Write(x.AsSpan(100));
        }
        Assert.Equal("RF64"u8.ToArray(), ReadHead(path, 4));
        using (var r = WavReader.Open(path))
        {
            Assert.True(r.IsRf64);
            Assert.Equal(3000, r.TotalFrames);
            var back = new float[x.Length];
            r.Read(back);
            Assert.Equal(x, back);
        }
        Assert.Equal("3000", RunSoxi("-s", path)); // sox reads our ds64 too
    }

    [Fact]
    public void FileShrinkingUnderTheReaderIsAnAudioFileException()
    {
        var path = Path.Combine(_dir, "shrink.wav");
        using (var w = new WavWriter(path, 16000, 1, WavSampleFormat.Pcm16)) w.Write(Signal(100000, 1, 10));
        using var r = WavReader.Open(path);
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) f.SetLength(1000);
        var e = Assert.Throws<AudioFileException>(() => r.Read(new float[100000]));
        Assert.Contains("of the 100000 its header declares", e.Problem);
    }

    private static byte[] ReadHead(string path, int n)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var b = new byte[n];
        f.ReadExactly(b);
        return b;
    }

    [Fact]
    public void WrittenFilesAreReadBySox()
    {
        // An independent reader: sox must agree on format and length.
        var path = Path.Combine(_dir, "sox.wav");
        using (var w = new WavWriter(path, 16000, 3, WavSampleFormat.Pcm24)) w.Write(Signal(4321, 3, 8));
        Assert.Equal("4321", RunSoxi("-s", path));
        Assert.Equal("3", RunSoxi("-c", path));
        Assert.Equal("24", RunSoxi("-b", path));
    }

    private static string RunSoxi(string flag, string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("soxi", [flag, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return output;
    }

    private static void CopyWhileOpen(string source, string destination)
    {
        using var src = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var dst = File.Create(destination);
        src.CopyTo(dst);
    }
}
