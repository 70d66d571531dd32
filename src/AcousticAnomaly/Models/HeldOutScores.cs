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
    public static double[] Compute(IDetectorTrainer detector, IReadOnlyList<(string Path, FeatureMatrix Vectors)> clips, int folds,
        CancellationToken cancellationToken, Action<int, int>? onFold = null)
    {
        ArgumentNullException.ThrowIfNull(clips);
        int k = Math.Min(folds, clips.Count);
        if (k < 2) throw new ArgumentException($"held-out scores need at least 2 folds of clips (folds {folds}, clips {clips.Count})", nameof(folds));
        var scores = new double[clips.Count];
        for (int f = 0; f < k; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onFold?.Invoke(f, k);
            var fold = Fit(detector, clips.Where((_, i) => i % k != f).ToList(), cancellationToken);
            for (int i = f; i < clips.Count; i += k) scores[i] = Models.ClipPooling.Pool(fold.Score(clips[i].Vectors), fold.ClipTopK);
        }
        return scores;
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
