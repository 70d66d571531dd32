using AcousticAnomaly.Features;
using Xunit;

namespace AcousticAnomaly.Tests.Features;

public class PowerSpectrogramTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(512)]
    [InlineData(2048)] // even and odd numbers of radix-2 stages after the first radix-4 pass
    public void EveryPowerOfTwoSizeEqualsDirectDft(int n)
    {
        var spectrogram = new PowerSpectrogram(n, n / 2);
        var rng = new Random(n);
        var x = new float[4 * n];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var power = spectrogram.Compute(x);
        Assert.Equal(1 + x.Length / (n / 2), power.Length);
        int t = 3, start = t * (n / 2) - n / 2;
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int i = 0; i < n; i++)
            {
                double v = x[start + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n));
                re += v * Math.Cos(2 * Math.PI * k * i / n);
                im -= v * Math.Sin(2 * Math.PI * k * i / n);
            }
            double expected = re * re + im * im;
            Assert.True(Math.Abs(expected - power[t][k]) <= 1e-9 * Math.Max(1, expected), $"n={n} bin {k}: {power[t][k]} vs {expected}");
        }
    }

    [Fact]
    public void EdgeFramesSeeZeroPaddingAndCountFollowsLibrosa()
    {
        var spectrogram = new PowerSpectrogram(1024, 512);
        Assert.Equal(1 + 16000 / 512, spectrogram.FrameCount(16000));
        Assert.Equal(1, spectrogram.FrameCount(100));
        Assert.Equal(0, new PowerSpectrogram(1024, 512, center: false).FrameCount(1000));
        Assert.Equal(1 + (16000 - 1024) / 512, new PowerSpectrogram(1024, 512, center: false).FrameCount(16000));
        // A DC signal: frame 0 covers 512 zeros then 512 ones, so its DC bin is (sum of the window's second half)^2.
        var ones = Enumerable.Repeat(1f, 4096).ToArray();
        var power = spectrogram.Compute(ones);
        double half = 0;
        for (int i = 512; i < 1024; i++) half += 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / 1024);
        Assert.Equal(half * half, power[0][0], 6);
        Assert.Equal(512.0 * 512.0, power[4][0], 6); // interior: full periodic Hann sums to N/2
    }

    [Fact]
    public void MagnitudeSpectrogramIsSquareRootOfPower()
    {
        var rng = new Random(2);
        var x = Enumerable.Range(0, 3000).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var power = new PowerSpectrogram(1024, 512).Compute(x);
        var magnitude = new PowerSpectrogram(1024, 512, power: 1).Compute(x);
        for (int t = 0; t < power.Length; t++)
            for (int k = 0; k < 513; k++) Assert.Equal(Math.Sqrt(power[t][k]), magnitude[t][k], 9);
    }
}
