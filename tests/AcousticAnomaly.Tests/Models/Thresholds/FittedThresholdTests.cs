using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Tests.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Thresholds;

public sealed class FittedThresholdTests
{
    [Fact]
    public void AutoencoderLikeScoresKeepSciPysGammaThresholdExactly()
    {
        var scores = EvaluationFixtures.Load("gamma_ae_like").Doubles("scores");
        var fitted = FittedThreshold.Fit(scores, ThresholdMethod.Gamma, 0.9);
        Assert.Equal(ThresholdCalculator.Compute(scores, ThresholdMethod.Gamma, 0.9), fitted.Value);
        Assert.Equal("Gamma(0.9)", fitted.Method);
    }

    [Fact]
    public void AGammaFitThatLandsFarOutsideTheScoresIsRedoneOnStandardisedScores()
    {
        // SciPy's own fit of these scores (0.35-0.59) puts the 0.9 quantile at 1.28, far above every score.
        var scores = EvaluationFixtures.Load("gamma_skewed").Doubles("scores");
        var fitted = FittedThreshold.Fit(scores, ThresholdMethod.Gamma, 0.9);
        Assert.InRange(fitted.Value, NumpyPercentile.Compute(scores, 50), scores.Max() + (scores.Max() - scores.Min()));
        Assert.StartsWith("Gamma(0.9, standardised)", fitted.Method);
    }

    [Fact]
    public void IsolationForestLikeScoresGetAThresholdInsideTheirRange()
    {
        // Negated decision function: small, partly negative numbers.
        var random = new Random(3);
        var scores = Enumerable.Range(0, 40).Select(_ => -0.08 + 0.05 * random.NextDouble() + 0.02 * random.NextDouble() * random.NextDouble()).ToList();
        var fitted = FittedThreshold.Fit(scores, ThresholdMethod.Gamma, 0.9);
        double p90 = NumpyPercentile.Compute(scores, 90);
        // A 0.9 quantile should flag roughly a tenth of the training clips, not none (the old threshold 0) or half.
        Assert.InRange(fitted.Value, NumpyPercentile.Compute(scores, 70), scores.Max() + (scores.Max() - scores.Min()));
        Assert.InRange(Math.Abs(fitted.Value - p90), 0, scores.Max() - scores.Min());
    }

    [Fact]
    public void OtherMethodsAreRecordedWithTheirParameter()
    {
        var scores = new[] { 1.0, 2.0, 3.0, 4.0, 5.0 };
        Assert.Equal(new FittedThreshold(ThresholdCalculator.Compute(scores, ThresholdMethod.Percentile, 95), "Percentile(95)"),
            FittedThreshold.Fit(scores, ThresholdMethod.Percentile, 95));
        Assert.Throws<ArgumentOutOfRangeException>(() => FittedThreshold.Fit(scores, ThresholdMethod.Gamma, 1.5));
    }

    [Fact]
    public void EqualScoresFallBackToTheirPercentile()
    {
        var fitted = FittedThreshold.Fit(new[] { 4.0, 4.0, 4.0 }, ThresholdMethod.Gamma, 0.9);
        Assert.Equal(4.0, fitted.Value);
        Assert.StartsWith("Percentile(90", fitted.Method);
    }
}
