using System.Text.Json;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Tests.Features;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

/// <summary>Against scipy.signal.resample_poly (tests/reference/resample_reference.py) and against known sines.</summary>
public class ResamplerTests
{
    public static IEnumerable<object[]> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FeatureReference.Dir, "resample_reference.json")));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            yield return [c.GetProperty("from").GetInt32(), c.GetProperty("to").GetInt32()];
    }

    private static (float[] Input, float[] Expected) Load(int from, int to)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FeatureReference.Dir, "resample_reference.json")));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray()
            .Single(e => e.GetProperty("from").GetInt32() == from && e.GetProperty("to").GetInt32() == to);
        int n = c.GetProperty("n").GetInt32();
        var tones = c.GetProperty("tones").EnumerateArray().Select(t => (F: t[0].GetDouble(), A: t[1].GetDouble(), P: t[2].GetDouble())).ToArray();
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / from, v = 0;
            foreach (var (f, a, p) in tones) v += a * Math.Sin(2 * Math.PI * f * t + p);
            x[i] = (float)v;
        }
        var expected = FeatureReference.ReadF32(c.GetProperty("expected").GetString()!);
        Assert.Equal(c.GetProperty("expected_length").GetInt32(), expected.Length);
        return (x, expected);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScipyResamplePolyOnBandLimitedSignal(int from, int to)
    {
        var (x, expected) = Load(from, to);
        var y = Resampler.Resample(x, from, to);
        Assert.Equal(expected.Length, y.Length);
        // The two filters differ (ours: cutoff 0.94 Nyquist, beta 9, 48 zero crossings; scipy: cutoff at Nyquist, beta 5,
        // 10 zero crossings), so the ends - where the signal starts abruptly and is not band-limited - differ more.
        // Away from the ends, on tones below 0.8 Nyquist, both are within their passband ripple of the ideal.
        int edge = 64;
        double maxErr = 0;
        for (int i = edge; i < y.Length - edge; i++) maxErr = Math.Max(maxErr, Math.Abs(y[i] - expected[i]));
        // Same filter design as scipy; the residue is our per-phase unit-DC normalisation (scipy normalises the whole filter).
        Assert.True(maxErr < 1e-3, $"max |ours - scipy| = {maxErr} on a signal of peak ~0.95");
    }

    [Theory]
    [InlineData(44100, 16000, 1000.0)]
    [InlineData(48000, 16000, 3000.0)]
    [InlineData(8000, 16000, 2500.0)]
    [InlineData(16000, 44100, 5000.0)]
    [InlineData(22050, 16000, 6500.0)]
    public void SinePreservesFrequencyAmplitudeAndLength(int from, int to, double hz)
    {
        int n = from / 2 + 7; // an odd length, so the rounding of the output length is exercised
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(0.8 * Math.Sin(2 * Math.PI * hz * i / from + 0.4));
        var y = Resampler.Resample(x, from, to);
        Assert.Equal((long)Math.Round((double)n * to / from, MidpointRounding.AwayFromZero), y.Length);
        // Interior samples must be the same sine sampled at the new rate: same frequency, amplitude and phase.
        int edge = 200;
        double maxErr = 0;
        for (int j = edge; j < y.Length - edge; j++)
            maxErr = Math.Max(maxErr, Math.Abs(y[j] - 0.8 * Math.Sin(2 * Math.PI * hz * j / to + 0.4)));
        // Kaiser beta 5 (scipy's design) ripples about 0.25 % in the passband.
        Assert.True(maxErr < 3e-3, $"max deviation from the ideal sine {maxErr}");
    }

    [Fact]
    public void ToneAboveTheNewNyquistIsRemoved()
    {
        var x = new float[44100];
        for (int i = 0; i < x.Length; i++) x[i] = (float)Math.Sin(2 * Math.PI * 12000.0 * i / 44100);
        var y = Resampler.Resample(x, 44100, 16000);
        double rms = Math.Sqrt(y.Skip(200).Take(y.Length - 400).Average(v => (double)v * v));
        // scipy's design attenuates by about 55-70 dB this far above the cutoff.
        Assert.True(rms < 5e-4, $"12 kHz leaked through a 16 kHz conversion at rms {rms} (input rms 0.707)");
    }

    [Fact]
    public void SameRateIsACopy()
    {
        float[] x = [1f, 2f, 3f];
        var y = Resampler.Resample(x, 16000, 16000);
        Assert.Equal(x, y);
        Assert.NotSame(x, y);
    }

    [Fact]
    public void RatioWithManyPhasesStillWorks()
    {
        // 44101 -> 16000 has 16000 phases: taps are computed per sample instead of tabulated.
        var x = new float[4410];
        for (int i = 0; i < x.Length; i++) x[i] = (float)Math.Sin(2 * Math.PI * 440.0 * i / 44101);
        var y = Resampler.Resample(x, 44101, 16000);
        for (int j = 100; j < y.Length - 100; j++)
            Assert.True(Math.Abs(y[j] - Math.Sin(2 * Math.PI * 440.0 * j / 16000)) < 1e-3);
    }
}
