using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

public class StreamingResamplerTests
{
    private static float[] Noise(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
    }

    /// <summary>Feeds the signal in random block sizes and returns everything the streaming resampler produced.</summary>
    private static float[] Stream(StreamingResampler r, float[] signal, int seed)
    {
        var rng = new Random(seed);
        var produced = new List<float>();
        for (int pos = 0; pos < signal.Length;)
        {
            int n = Math.Min(signal.Length - pos, rng.Next(1, 2500));
            var output = new float[r.MaxOutput(n)];
            int written = r.Process(signal.AsSpan(pos, n), output);
            produced.AddRange(output.Take(written));
            pos += n;
        }
        return produced.ToArray();
    }

    [Theory]
    [InlineData(48000, 16000)]
    [InlineData(44100, 16000)]
    [InlineData(22050, 16000)]
    [InlineData(8000, 16000)]
    [InlineData(16000, 48000)]
    [InlineData(16001, 16000)] // 16000 phases: taps computed per sample instead of from a table
    public void BlockByBlockGivesTheOfflineResamplersBitsForTheWholeSignal(int from, int to)
    {
        var signal = Noise(3 * from / 2, from);
        var offline = new Resampler(from, to).Process(signal);
        var streamed = Stream(new StreamingResampler(from, to), signal, seed: to);

        // Everything but the last few outputs, whose filters reach past the end of what has arrived, is out already.
        Assert.InRange(offline.Length - streamed.Length, 0, 12 * Math.Max(1, to / from) + 2);
        Assert.Equal(offline.AsSpan(0, streamed.Length).ToArray(), streamed);
    }

    [Theory]
    [InlineData(48000, 16000)]
    [InlineData(44100, 16000)]
    [InlineData(16000, 48000)]
    public void FlushingGivesTheRestSoTheWholeOutputIsTheOfflineOne(int from, int to)
    {
        var signal = Noise(from, from + 1);
        var r = new StreamingResampler(from, to);
        var streamed = Stream(r, signal, seed: 9).ToList();
        var tail = new float[r.MaxOutput(0)];
        streamed.AddRange(tail.Take(r.Flush(tail)));
        Assert.Equal(new Resampler(from, to).Process(signal), streamed);
        Assert.Equal(0, r.Flush(tail)); // nothing is owed twice
    }

    [Fact]
    public void ResetStartsANewSignal()
    {
        var a = Noise(9000, 1);
        var b = Noise(9000, 2);
        var r = new StreamingResampler(48000, 16000);
        Stream(r, a, 3);
        r.Reset();
        var afterReset = Stream(r, b, 4);
        var fresh = Stream(new StreamingResampler(48000, 16000), b, 5);
        Assert.Equal(fresh, afterReset);
    }

    [Fact]
    public void EqualRatesPassTheSamplesThrough()
    {
        var signal = Noise(1000, 6);
        var r = new StreamingResampler(16000, 16000);
        var output = new float[r.MaxOutput(signal.Length)];
        Assert.Equal(signal.Length, r.Process(signal, output));
        Assert.Equal(signal, output.Take(signal.Length));
    }

    [Fact]
    public void OnceItsBufferHasGrownItAllocatesNothing()
    {
        var r = new StreamingResampler(48000, 16000);
        var block = Noise(2400, 7);
        var output = new float[r.MaxOutput(block.Length)];
        for (int i = 0; i < 3; i++) r.Process(block, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) r.Process(block, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
