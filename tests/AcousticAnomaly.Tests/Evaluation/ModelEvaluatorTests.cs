using AcousticAnomaly.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

public class ModelEvaluatorTests
{
    public static IEnumerable<object[]> Cases => EvaluationFixtures.Names("metrics");

    [Theory]
    [MemberData(nameof(Cases))]
    public void ResultMatchesSklearn(string name)
    {
        var f = EvaluationFixtures.Load(name);
        var labels = f.Labels();
        var scores = f.Doubles("scores");
        double threshold = f.GetProperty("threshold").GetDouble();
        var clips = labels.Select((y, i) => ScoredClip.Decide($"clip{i}.wav", y ? "anomaly" : "normal", scores[i], threshold)).ToList();

        var r = new ModelEvaluator().Evaluate(clips, threshold, "fan-iforest");

        Assert.Equal("fan-iforest", r.Model);
        Assert.Equal(labels.Count(y => !y), r.NormalCount);
        Assert.Equal(labels.Count(y => y), r.AbnormalCount);
        Assert.Equal(f.GetProperty("auc").GetDouble(), r.Auc, 1e-12);
        Assert.Equal(f.GetProperty("pauc").GetDouble(), r.PAuc, 1e-12);
        Assert.Equal(threshold, r.Threshold);
        Assert.Equal(f.GetProperty("precision").GetDouble(), r.Precision, 1e-12);
        Assert.Equal(f.GetProperty("recall").GetDouble(), r.Recall, 1e-12);
        Assert.Equal(f.GetProperty("f1").GetDouble(), r.F1, 1e-12);
        Assert.Equal(f.GetProperty("accuracy").GetDouble(), r.Accuracy, 1e-12);
        Assert.Equal(f.GetProperty("tp").GetInt32(), r.TruePositives);
        Assert.Equal(f.GetProperty("fp").GetInt32(), r.FalsePositives);
        Assert.Equal(f.GetProperty("tn").GetInt32(), r.TrueNegatives);
        Assert.Equal(f.GetProperty("fn").GetInt32(), r.FalseNegatives);
    }

    [Fact]
    public void ResultHasExactlyTheAgreedProperties()
    {
        var names = typeof(EvaluationResult).GetProperties().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "Model", "NormalCount", "AbnormalCount", "Auc", "PAuc", "Threshold", "Precision", "Recall",
            "F1", "Accuracy", "TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives", "BestF1", "BestF1Threshold" }, names);
    }

    [Fact]
    public void AllNormalClipsIsAClearError()
    {
        var clips = new[] { ScoredClip.Decide("a.wav", "normal", 1, 2), ScoredClip.Decide("b.wav", "normal", 3, 2) };
        var e = Assert.Throws<ArgumentException>(() => new ModelEvaluator().Evaluate(clips, 2, "m"));
        Assert.Contains("0 anomaly and 2 normal", e.Message);
    }

    [Fact]
    public void NaNScoreNamesTheClip()
    {
        var clips = new[] { new ScoredClip("bad.wav", "anomaly", double.NaN, false), ScoredClip.Decide("b.wav", "normal", 3, 2) };
        var e = Assert.Throws<ArgumentException>(() => new ModelEvaluator().Evaluate(clips, 2, "m"));
        Assert.StartsWith("bad.wav: score is NaN", e.Message);
    }

    [Fact]
    public void UnknownLabelNamesTheClip()
    {
        var clips = new[] { ScoredClip.Decide("odd.wav", "broken", 1, 2), ScoredClip.Decide("b.wav", "normal", 3, 2) };
        var e = Assert.Throws<ArgumentException>(() => new ModelEvaluator().Evaluate(clips, 2, "m"));
        Assert.StartsWith("odd.wav: label 'broken'", e.Message);
    }

    [Fact]
    public void DecisionThatContradictsTheThresholdIsRejected()
    {
        var clips = new[] { new ScoredClip("x.wav", "anomaly", 5, false), ScoredClip.Decide("b.wav", "normal", 1, 2) };
        var e = Assert.Throws<ArgumentException>(() => new ModelEvaluator().Evaluate(clips, 2, "m"));
        Assert.StartsWith("x.wav: IsAnomaly is False", e.Message);
    }
}
