using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models;

/// <summary>
/// Clip scores from models that did not see the clip (cross-fitting): clip i falls in fold i mod k and is scored by a
/// model trained on the other folds. What a new normal clip will score - in-sample scores sit far lower (a GMM or
/// Mahalanobis model on one pooled vector per clip fits each training clip almost exactly), so thresholds and score
/// normalisations are fitted on these.
/// </summary>
public static class HeldOutScores
{
    /// <summary>Trains <paramref name="detector"/> on clips, clip-aware when it is.</summary>
    public static ITrainedDetector Fit(IDetectorTrainer detector, IReadOnlyList<(string Path, FeatureMatrix Vectors)> clips, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(clips);
        var all = Concatenate(clips.Select(c => c.Vectors).ToList());
        return detector is IClipAwareDetectorTrainer clipAware ? clipAware.Train(clips, all, cancellationToken) : detector.Train(all, cancellationToken);
    }

    /// <summary>Each clip's mean vector score from the model trained without its fold; k = min(folds, clips) must be at least 2.</summary>
    /// <param name="detector">Trains each fold's model.</param>
    /// <param name="clips">The training clips, in order.</param>
    /// <param name="folds">Folds wanted (fewer when there are fewer clips).</param>
    /// <param name="cancellationToken">Stops between folds.</param>
    /// <param name="onFold">Called before each fold's fit (fold index, fold count), e.g. for progress.</param>
    /// <param name="scaleOf">The model trained on all clips, given when the fold models score on another scale
    /// (<see cref="FoldScaleMismatch"/>): each fold's held-out scores are then shifted by the mean difference between
    /// this model's and the fold model's scores on the clips the fold model trained on (both models saw those), which
    /// carries them over to this model's scale.</param>
    public static double[] Compute(IDetectorTrainer detector, IReadOnlyList<(string Path, FeatureMatrix Vectors)> clips, int folds,
        CancellationToken cancellationToken, Action<int, int>? onFold = null, ITrainedDetector? scaleOf = null)
    {
        ArgumentNullException.ThrowIfNull(clips);
        int k = Math.Min(folds, clips.Count);
        if (k < 2) throw new ArgumentException($"held-out scores need at least 2 folds of clips (folds {folds}, clips {clips.Count})", nameof(folds));
        var scores = new double[clips.Count];
        // The final model's score of each clip, once: every fold's shift compares against it.
        var finalScores = scaleOf is null ? null : clips.Select(c => ClipPooling.Pool(scaleOf.Score(c.Vectors), scaleOf.ClipTopK)).ToArray();
        for (int f = 0; f < k; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onFold?.Invoke(f, k);
            var fold = Fit(detector, clips.Where((_, i) => i % k != f).ToList(), cancellationToken);
            double shift = 0;
            if (finalScores is not null)
            {
                var seen = Enumerable.Range(0, clips.Count).Where(i => i % k != f).ToList();
                shift = seen.Average(i => finalScores[i] - ClipPooling.Pool(fold.Score(clips[i].Vectors), fold.ClipTopK));
            }
            for (int i = f; i < clips.Count; i += k) scores[i] = Models.ClipPooling.Pool(fold.Score(clips[i].Vectors), fold.ClipTopK) + shift;
        }
        return scores;
    }

    /// <summary>
    /// Null when held-out scores of <paramref name="detector"/> are on its final model's scale for these clips and folds
    /// (always, unless it is <see cref="IFoldScaleSensitive"/>); otherwise the reason, checked against the fold model
    /// with the fewest training vectors.
    /// </summary>
    public static string? FoldScaleMismatch(IDetectorTrainer detector, IReadOnlyList<(string Path, FeatureMatrix Vectors)> clips, int folds)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (detector is not IFoldScaleSensitive sensitive) return null;
        int k = Math.Min(folds, clips.Count);
        if (k < 2) return null;
        int all = clips.Sum(c => c.Vectors.Rows);
        int smallestFold = Enumerable.Range(0, k).Min(f => clips.Where((_, i) => i % k != f).Sum(c => c.Vectors.Rows));
        return sensitive.FoldScaleMismatch(all, smallestFold);
    }

    internal static FeatureMatrix Concatenate(IReadOnlyList<FeatureMatrix> parts)
    {
        var data = new float[checked(parts.Sum(p => p.Data.Length))];
        int offset = 0;
        foreach (var p in parts)
        {
            p.Data.CopyTo(data, offset);
            offset += p.Data.Length;
        }
        return new FeatureMatrix(data, parts[0].Columns);
    }
}
