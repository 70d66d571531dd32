using AcousticAnomaly.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

public class ConfusionMatrixTests
{
    public static IEnumerable<object[]> Cases => EvaluationFixtures.Names("metrics");

    [Theory]
    [MemberData(nameof(Cases))]
    public void CountsAndMetricsMatchSklearn(string name)
    {
        var f = EvaluationFixtures.Load(name);
        var cm = ConfusionMatrix.At(f.Labels(), f.Doubles("scores"), f.GetProperty("threshold").GetDouble());
        Assert.Equal(f.GetProperty("tp").GetInt32(), cm.TruePositives);
        Assert.Equal(f.GetProperty("fp").GetInt32(), cm.FalsePositives);
        Assert.Equal(f.GetProperty("tn").GetInt32(), cm.TrueNegatives);
        Assert.Equal(f.GetProperty("fn").GetInt32(), cm.FalseNegatives);
        Assert.Equal(f.GetProperty("precision").GetDouble(), cm.Precision, 1e-12);
        Assert.Equal(f.GetProperty("recall").GetDouble(), cm.Recall, 1e-12);
        Assert.Equal(f.GetProperty("f1").GetDouble(), cm.F1, 1e-12);
        Assert.Equal(f.GetProperty("accuracy").GetDouble(), cm.Accuracy, 1e-12);
    }

    [Fact]
    public void ScoreEqualToThresholdIsNormal()
    {
        var cm = ConfusionMatrix.At(new[] { true, false }, new[] { 0.5, 0.5 }, 0.5);
        Assert.Equal(new ConfusionMatrix(0, 0, 1, 1), cm);
    }

    [Fact]
    public void ZeroDivisionGivesZero()
    {
        // Nothing flagged: precision is 0/0 -> 0, recall 0/1 -> 0, F1 -> 0; an empty matrix has accuracy 0.
        var cm = new ConfusionMatrix(TruePositives: 0, FalsePositives: 0, TrueNegatives: 3, FalseNegatives: 1);
        Assert.Equal(0, cm.Precision);
        Assert.Equal(0, cm.Recall);
        Assert.Equal(0, cm.F1);
        Assert.Equal(0.75, cm.Accuracy);
        Assert.Equal(0, default(ConfusionMatrix).Accuracy);
    }
}
