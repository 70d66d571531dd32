using AcousticAnomaly.Features;
using Xunit;

namespace AcousticAnomaly.Tests.Features;

public class DecibelsTests
{
    [Fact]
    public void MatchesTenLog10AcrossTheWholeRange()
    {
        var rng = new Random(5);
        var x = new double[4099]; // not a multiple of 4: the scalar tail runs too
        for (int i = 0; i < x.Length; i++) x[i] = Math.Pow(10, rng.NextDouble() * 40 - 30) * (1 + rng.NextDouble());
        x[0] = 1; x[1] = Math.Sqrt(2); x[2] = Math.BitDecrement(Math.Sqrt(2)); x[3] = 0; x[4] = 1e-300; x[5] = 2;
        var db = new float[x.Length];
        Decibels.FromPower(x, db, FeatureExtractor.LogFloor);
        for (int i = 0; i < x.Length; i++)
        {
            double exact = 10 * Math.Log10(Math.Max(x[i], FeatureExtractor.LogFloor));
            Assert.True(Math.Abs(db[i] - exact) <= 1e-5 * Math.Max(1, Math.Abs(exact)), $"{x[i]}: {db[i]} vs {exact}");
            // the vector and scalar paths give the same bits
            Assert.Equal((float)Decibels.Scalar(Math.Max(x[i], FeatureExtractor.LogFloor)), db[i]);
        }
        Assert.Equal(0f, db[0]);
        Assert.Equal((float)(10 * Math.Log10(FeatureExtractor.LogFloor)), db[3]);
    }
}
