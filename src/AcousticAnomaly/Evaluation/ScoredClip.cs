using AcousticAnomaly.Models;

namespace AcousticAnomaly.Evaluation;

/// <summary>
/// One scored recording, the input of <see cref="ModelEvaluator"/> and of the report's per-file table.
/// Label is the ground truth: "normal" or "anomaly" (see <see cref="ClipLabels"/>). IsAnomaly is the detector's
/// decision, Score &gt; Threshold, with higher scores more anomalous.
/// </summary>
public sealed record ScoredClip(string Path, string Label, double Score, bool IsAnomaly)
{
    /// <summary>A clip decided at <paramref name="threshold"/>: IsAnomaly = score &gt; threshold.</summary>
    public static ScoredClip Decide(string path, string label, double score, double threshold) =>
        new(path, label, score, AnomalyDecision.IsAnomaly(score, threshold));
}
