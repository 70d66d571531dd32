using AcousticAnomaly.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

public class RocMetricsTests
{
    public static IEnumerable<object[]> Cases => EvaluationFixtures.Names("metrics");

    [Fact]
    public void FixturesArePresent() => Assert.True(Cases.Count() >= 5);

    [Theory]
    [MemberData(nameof(Cases))]
    public void RocCurveMatchesSklearn(string name)
    {
        var f = EvaluationFixtures.Load(name);
        var roc = RocCurve.Compute(f.Labels(), f.Doubles("scores"));
        var fpr = f.Doubles("roc_fpr");
        var tpr = f.Doubles("roc_tpr");
        var thr = f.Doubles("roc_thresholds_after_first");
        Assert.Equal(fpr.Length, roc.Fpr.Count);
        Assert.Equal(double.PositiveInfinity, roc.Thresholds[0]);
        for (int i = 0; i < fpr.Length; i++)
        {
            Assert.Equal(fpr[i], roc.Fpr[i], 1e-12);
            Assert.Equal(tpr[i], roc.Tpr[i], 1e-12);
            if (i > 0) Assert.Equal(thr[i - 1], roc.Thresholds[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AucAndPAucMatchSklearn(string name)
    {
        var f = EvaluationFixtures.Load(name);
        var roc = RocCurve.Compute(f.Labels(), f.Doubles("scores"));
        Assert.Equal(f.GetProperty("auc").GetDouble(), RocMetrics.Auc(roc), 1e-12);
        Assert.Equal(f.GetProperty("pauc").GetDouble(), RocMetrics.StandardizedPartialAuc(roc, 0.1), 1e-12);
    }

    [Fact]
    public void TiesCountHalf()
    {
        // One anomaly and one normal clip with the same score: the ROC is the diagonal, AUC 0.5.
        var roc = RocCurve.Compute(new[] { true, false }, new[] { 3.0, 3.0 });
        Assert.Equal(new[] { 0.0, 1.0 }, roc.Fpr);
        Assert.Equal(0.5, RocMetrics.Auc(roc), 15);
        Assert.Equal(0.5, RocMetrics.StandardizedPartialAuc(roc), 15);
    }

    [Fact]
    public void MaxFprOneIsThePlainAuc()
    {
        var roc = RocCurve.Compute(new[] { true, false, true, false }, new[] { 0.9, 0.8, 0.3, 0.1 });
        Assert.Equal(0.75, RocMetrics.Auc(roc), 15);
        Assert.Equal(RocMetrics.Auc(roc), RocMetrics.StandardizedPartialAuc(roc, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RocMetrics.StandardizedPartialAuc(roc, 0));
    }

    [Fact]
    public void OneClassOnlyIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => RocCurve.Compute(new[] { false, false }, new[] { 1.0, 2.0 }));
        Assert.Contains("both classes", e.Message);
    }

    [Fact]
    public void NaNScoreIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => RocCurve.Compute(new[] { true, false }, new[] { double.NaN, 2.0 }));
        Assert.Contains("NaN", e.Message);
    }
}
