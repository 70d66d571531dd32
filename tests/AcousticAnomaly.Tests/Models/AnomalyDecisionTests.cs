using AcousticAnomaly.Models;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

public class AnomalyDecisionTests
{
    [Theory]
    [InlineData(0.51, 0.5, true)]
    [InlineData(0.5, 0.5, false)] // equal to the threshold is normal (scikit-learn: decision 0 is an inlier)
    [InlineData(0.49, 0.5, false)]
    [InlineData(0.0, -0.0, false)]
    [InlineData(double.PositiveInfinity, 1e300, true)]
    [InlineData(double.NegativeInfinity, -1e300, false)]
    public void AnomalousOnlyStrictlyAboveTheThreshold(double score, double threshold, bool expected) =>
        Assert.Equal(expected, AnomalyDecision.IsAnomaly(score, threshold));

    [Fact]
    public void EqualToTheThresholdStaysNormalAtTheSmallestStep()
    {
        const double threshold = 0.3;
        Assert.False(AnomalyDecision.IsAnomaly(threshold, threshold));
        Assert.True(AnomalyDecision.IsAnomaly(Math.BitIncrement(threshold), threshold));
    }

    [Fact]
    public void NaNDecidesNothing()
    {
        Assert.Equal("score", Assert.Throws<ArgumentException>(() => AnomalyDecision.IsAnomaly(double.NaN, 0.5)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentException>(() => AnomalyDecision.IsAnomaly(0.5, double.NaN)).ParamName);
        Assert.False(AnomalyDecision.CanDecide(double.NaN));
        Assert.True(AnomalyDecision.CanDecide(double.NegativeInfinity));
    }
}
