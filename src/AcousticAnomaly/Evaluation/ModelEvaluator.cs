using AcousticAnomaly.Models;

namespace AcousticAnomaly.Evaluation;

/// <summary>
/// Turns a model's scored clips into an <see cref="EvaluationResult"/>. Scoring the clips is the caller's job; this
/// only measures. Every clip's IsAnomaly must agree with Score &gt; threshold, so the confusion matrix, the report and
/// the per-clip decisions can never tell different stories.
/// </summary>
public sealed class ModelEvaluator
{
    /// <summary>Measures <paramref name="clips"/> (both labels needed, finite scores) at <paramref name="threshold"/>.</summary>
    public EvaluationResult Evaluate(IReadOnlyList<ScoredClip> clips, double threshold, string model)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(model);
        if (!AnomalyDecision.CanDecide(threshold))
            throw new ArgumentException("The threshold is NaN.", nameof(threshold));

        var positive = new bool[clips.Count];
        var scores = new double[clips.Count];
        for (int i = 0; i < clips.Count; i++)
        {
            var clip = clips[i] ?? throw new ArgumentException($"Clip {i} is null.", nameof(clips));
            if (!double.IsFinite(clip.Score))
                throw new ArgumentException($"{clip.Path}: score is {clip.Score}; every clip needs a finite score.");
            if (clip.IsAnomaly != AnomalyDecision.IsAnomaly(clip.Score, threshold))
                throw new ArgumentException(
                    $"{clip.Path}: IsAnomaly is {clip.IsAnomaly} but score {clip.Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} " +
                    $"vs threshold {threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} says otherwise; " +
                    "re-decide the clips at this threshold (ScoredClip.Decide).");
            positive[i] = ClipLabels.IsPositive(clip.Label, clip.Path);
            scores[i] = clip.Score;
        }

        var roc = RocCurve.Compute(positive, scores);
        var cm = ConfusionMatrix.At(positive, scores, threshold);
        var (bestF1, bestThreshold) = BestF1(positive, scores);
        return new EvaluationResult(
            Model: model,
            NormalCount: roc.NegativeCount,
            AbnormalCount: roc.PositiveCount,
            Auc: RocMetrics.Auc(roc),
            PAuc: RocMetrics.StandardizedPartialAuc(roc, RocMetrics.DcaseMaxFpr),
            Threshold: threshold,
            Precision: cm.Precision,
            Recall: cm.Recall,
            F1: cm.F1,
            Accuracy: cm.Accuracy,
            TruePositives: cm.TruePositives,
            FalsePositives: cm.FalsePositives,
            TrueNegatives: cm.TrueNegatives,
            FalseNegatives: cm.FalseNegatives)
        {
            BestF1 = bestF1,
            BestF1Threshold = bestThreshold,
        };
    }

    /// <summary>
    /// The highest F1 over every threshold that splits the clips differently: below each distinct score in turn (so
    /// that score and all higher ones are flagged), placed midway to the next lower score.
    /// </summary>
    internal static (double F1, double Threshold) BestF1(bool[] positive, double[] scores)
    {
        var distinct = scores.Distinct().OrderByDescending(s => s).ToArray();
        double best = 0, bestThreshold = distinct.Length > 0 ? distinct[0] : 0;
        for (int i = 0; i < distinct.Length; i++)
        {
            double t = i + 1 < distinct.Length ? (distinct[i] + distinct[i + 1]) / 2 : distinct[i] - Math.Max(1e-9, Math.Abs(distinct[i]) * 1e-9);
            var f1 = ConfusionMatrix.At(positive, scores, t).F1;
            if (f1 > best)
            {
                best = f1;
                bestThreshold = t;
            }
        }
        return (best, bestThreshold);
    }
}
