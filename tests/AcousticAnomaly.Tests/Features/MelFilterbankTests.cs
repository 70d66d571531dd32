using AcousticAnomaly.Features;
using Xunit;

namespace AcousticAnomaly.Tests.Features;

public class MelFilterbankTests
{
    [Fact]
    public void WeightsEqualTheReferenceSlaneyFilterbank()
    {
        var bank = new MelFilterbank(16000, 1024, 128);
        var spans = FeatureReference.Root.GetProperty("mel_spans").EnumerateArray()
            .Select(s => (Start: s[0].GetInt32(), Count: s[1].GetInt32())).ToArray();
        var values = FeatureReference.ReadF64("mel_weights.f64");
        var expected = new double[128, 513];
        int o = 0;
        for (int m = 0; m < 128; m++)
            for (int k = 0; k < spans[m].Count; k++) expected[m, spans[m].Start + k] = values[o++];
        Assert.Equal(values.Length, o);

        var actual = bank.ToDense();
        int nonZero = 0;
        for (int m = 0; m < 128; m++)
        {
            for (int k = 0; k < 513; k++)
            {
                double e = expected[m, k], a = actual[m, k];
                if (e != 0) nonZero++;
                Assert.True(Math.Abs(a - e) <= 1e-6 * Math.Abs(e) + 1e-12, $"band {m} bin {k}: {a} vs {e}");
            }
        }
        Assert.True(nonZero > 500, "the reference filterbank should have many non-zero weights");
        Assert.Equal(nonZero, bank.StoredWeights); // only the non-zero spans are stored (no zero inside a triangle)
    }

    [Fact]
    public void SpectrumThroughFilterbankEqualsDenseProduct()
    {
        var bank = new MelFilterbank(16000, 1024, 64, fMin: 50, fMax: 7000);
        var rng = new Random(7);
        var spectrum = Enumerable.Range(0, bank.Bins).Select(_ => rng.NextDouble()).ToArray();
        var mel = new double[64];
        bank.Apply(spectrum, mel);
        var dense = bank.ToDense();
        for (int m = 0; m < 64; m++)
        {
            double sum = 0;
            for (int k = 0; k < bank.Bins; k++) sum += dense[m, k] * spectrum[k];
            Assert.Equal(sum, mel[m], 12);
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(500.0, 7.5)]
    [InlineData(1000.0, 15.0)]
    [InlineData(6400.0, 42.0)] // 15 + ln(6.4) / (ln(6.4) / 27)
    public void SlaneyMelScaleIsLinearBelowOneKilohertzAndLogAbove(double hz, double mel)
    {
        Assert.Equal(mel, MelFilterbank.HzToMel(hz), 10);
        Assert.Equal(hz, MelFilterbank.MelToHz(mel), 8);
    }
}
