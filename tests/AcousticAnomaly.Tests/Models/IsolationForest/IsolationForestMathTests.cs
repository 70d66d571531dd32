using AcousticAnomaly.Models.IsolationForest;
using Xunit;

namespace AcousticAnomaly.Tests.Models.IsolationForest;

public class IsolationForestMathTests
{
    [Theory]
    // values of sklearn.ensemble._iforest._average_path_length
    [InlineData(0, 0.0)]
    [InlineData(1, 0.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 1.207392357589623)]
    [InlineData(256, 10.244770920119917)]
    public void AveragePathLengthMatchesSklearn(int n, double expected)
        => Assert.Equal(expected, IsolationForestMath.AveragePathLength(n), 12);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(256, 8)]
    [InlineData(257, 9)]
    public void DepthLimitIsCeilLog2(int maxSamples, int expected) => Assert.Equal(expected, IsolationForestMath.DepthLimit(maxSamples));

    [Theory]
    [InlineData(0.1)]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(3.4028234663852886e38)]
    [InlineData(1e-50)]
    [InlineData(-1e-50)]
    public void ThresholdToFloatIsTheLargestFloatNotAbove(double t)
    {
        var f = IsolationForestMath.ThresholdToFloat(t);
        Assert.True(f <= t);
        Assert.True(MathF.BitIncrement(f) > t);
    }

    [Fact]
    public void PercentileMatchesNumpyLinear()
    {
        // np.percentile([5, 1, 4, 2, 3], q) for q = 0, 10, 25, 62.5, 100 -> 1, 1.4, 2, 3.5, 5
        double[] v = [5, 1, 4, 2, 3];
        Assert.Equal(1.0, AcousticAnomaly.Models.Thresholds.NumpyPercentile.Compute(v, 0));
        Assert.Equal(1.4, AcousticAnomaly.Models.Thresholds.NumpyPercentile.Compute(v, 10), 15);
        Assert.Equal(2.0, AcousticAnomaly.Models.Thresholds.NumpyPercentile.Compute(v, 25));
        Assert.Equal(3.5, AcousticAnomaly.Models.Thresholds.NumpyPercentile.Compute(v, 62.5));
        Assert.Equal(5.0, AcousticAnomaly.Models.Thresholds.NumpyPercentile.Compute(v, 100));
        Assert.Equal(7.0, AcousticAnomaly.Models.Thresholds.NumpyPercentile.Compute([7.0], 10));
        Assert.Throws<ArgumentException>(() => AcousticAnomaly.Models.Thresholds.NumpyPercentile.Compute([], 10));
    }
}
