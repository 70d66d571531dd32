namespace AcousticAnomaly.Models.KMeans;

/// <summary>
/// Training options for <see cref="KMeansTrainer"/>. Defaults follow scikit-learn's KMeans (n_clusters 8, k-means++,
/// n_init 1 - what 'auto' means for k-means++ - max_iter 300, tol 1e-4) plus per-feature standardisation.
/// </summary>
/// <param name="ClusterCount">k, the number of centres (sklearn n_clusters). k = 1 is the single-centre model: the score
/// is the distance to the mean of the (standardised) training vectors.</param>
/// <param name="MaxIterations">Lloyd iterations per run at most (sklearn max_iter).</param>
/// <param name="Tolerance">Convergence tolerance relative to the data: a run stops when the summed squared centre shift
/// of one iteration is at most Tolerance x the mean per-feature variance (sklearn tol).</param>
/// <param name="InitCount">Runs from different k-means++ seeds; the one with the lowest inertia wins (sklearn n_init).</param>
/// <param name="Standardize">Subtract each feature's training mean and divide by its standard deviation (a feature with
/// zero spread keeps scale 1, as StandardScaler does) before clustering; the same step is baked into the ONNX graph.
/// On by default: log-mel bands differ in level and spread by tens of dB, and unscaled Euclidean distance would be
/// dominated by the loudest, most variable bands.</param>
/// <param name="Seed">Seed of the k-means++ draws. Run r uses its own generator derived from (Seed, r), and the assignment
/// step gives each row the same answer on any thread, so a seed and the data fix the model whatever the core count.</param>
/// <param name="MaxDegreeOfParallelism">Threads for the assignment step; null or -1 = all cores.</param>
public sealed record KMeansOptions(
    int ClusterCount = 8,
    int MaxIterations = 300,
    double Tolerance = 1e-4,
    int InitCount = 1,
    bool Standardize = true,
    int Seed = 0,
    int? MaxDegreeOfParallelism = null)
{
    /// <summary>Throws ArgumentException describing the first invalid option.</summary>
    public void Validate()
    {
        if (ClusterCount < 1)
            throw new ArgumentException($"ClusterCount must be at least 1 (got {ClusterCount}).", nameof(ClusterCount));
        if (MaxIterations < 1)
            throw new ArgumentException($"MaxIterations must be at least 1 (got {MaxIterations}).", nameof(MaxIterations));
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new ArgumentException($"Tolerance must be a finite number >= 0 (got {Tolerance}).", nameof(Tolerance));
        if (InitCount < 1)
            throw new ArgumentException($"InitCount must be at least 1 (got {InitCount}).", nameof(InitCount));
        if (MaxDegreeOfParallelism is { } p && p != -1 && p < 1)
            throw new ArgumentException($"MaxDegreeOfParallelism must be -1, null or at least 1 (got {p}).", nameof(MaxDegreeOfParallelism));
    }
}
