using AcousticAnomaly.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

public sealed class BestF1Tests
{
    [Fact]
    public void TheBestF1IsReportedNextToTheF1AtTheStoredThreshold()
    {
        // Separable at 2.5, but the stored threshold 4 misses two anomalies.
        var scores = new (string Label, double Score)[] { ("normal", 1), ("normal", 2), ("anomaly", 3), ("anomaly", 3.5), ("anomaly", 5), ("normal", 0.5) };
        var clips = scores.Select((c, i) => ScoredClip.Decide($"c{i}.wav", c.Label, c.Score, 4)).ToList();
        var result = new ModelEvaluator().Evaluate(clips, 4, "m.onnx");

        Assert.Equal(0.5, result.F1, 12);
        Assert.Equal(1.0, result.BestF1, 12);
        Assert.Equal(2.5, result.BestF1Threshold, 12);
        var again = clips.Select(c => ScoredClip.Decide(c.Path, c.Label, c.Score, result.BestF1Threshold)).ToList();
        Assert.Equal(result.BestF1, new ModelEvaluator().Evaluate(again, result.BestF1Threshold, "m.onnx").F1, 12);
    }

    [Fact]
    public void FlaggingEveryClipIsACandidate()
    {
        // Reversed scores: the best any threshold can do is flag everything (F1 = 2 * 2 / (4 + 2)).
        var clips = new[] { ("anomaly", 1.0), ("anomaly", 2.0), ("normal", 3.0), ("normal", 4.0) }
            .Select((c, i) => ScoredClip.Decide($"c{i}.wav", c.Item1, c.Item2, 10)).ToList();
        var result = new ModelEvaluator().Evaluate(clips, 10, "m.onnx");
        Assert.Equal(0.0, result.F1);
        Assert.Equal(2.0 / 3.0, result.BestF1, 12);
        Assert.True(result.BestF1Threshold < 1.0);
    }
}
