namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>
/// Training options for <see cref="IsolationForestTrainer"/>, with scikit-learn's IsolationForest defaults.
/// </summary>
/// <param name="TreeCount">Number of trees (sklearn n_estimators, default 100).</param>
/// <param name="MaxSamples">Rows drawn without replacement for each tree; null = min(256, n) (sklearn 'auto').
/// A value larger than the row count is clamped to it, as sklearn does (it only warns).</param>
/// <param name="Contamination">null = sklearn 'auto' (offset -0.5); otherwise the expected outlier fraction in (0, 0.5]:
/// the offset becomes that percentile of the training scores (numpy's linear interpolation), so about that fraction
/// of the training rows is predicted anomalous.</param>
/// <param name="Seed">Seed of the whole forest. Each tree gets its own generator derived from (Seed, tree index), so the
/// model depends only on the seed and the data, never on thread count or scheduling.</param>
/// <param name="MaxDegreeOfParallelism">Threads used for growing trees and for the contamination scoring pass;
/// null or -1 = all cores.</param>
public sealed record IsolationForestOptions(
    int TreeCount = 100,
    int? MaxSamples = null,
    double? Contamination = null,
    int Seed = 0,
    int? MaxDegreeOfParallelism = null)
{
    /// <summary>Throws ArgumentException describing the first invalid option.</summary>
    public void Validate()
    {
        if (TreeCount < 1)
            throw new ArgumentException($"TreeCount must be at least 1 (got {TreeCount}).", nameof(TreeCount));
        if (MaxSamples is { } m && m < 1)
            throw new ArgumentException($"MaxSamples must be at least 1 or null for min(256, rows) (got {m}).", nameof(MaxSamples));
        if (Contamination is { } c && !(c > 0 && c <= 0.5))
            throw new ArgumentException($"Contamination must be in (0, 0.5] or null for 'auto' (got {c}).", nameof(Contamination));
        if (MaxDegreeOfParallelism is { } p && p != -1 && p < 1)
            throw new ArgumentException($"MaxDegreeOfParallelism must be -1, null or at least 1 (got {p}).", nameof(MaxDegreeOfParallelism));
    }
}
