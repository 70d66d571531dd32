namespace AcousticAnomaly.Models.OneClassSvm;

/// <summary>
/// Training options for <see cref="OneClassSvmTrainer"/>: scikit-learn's OneClassSVM with the RBF kernel
/// (kernel='rbf', tol=1e-3, gamma='scale' by default), except for the defaults of Nu and MaxTrainingVectors below.
/// </summary>
/// <param name="Nu">Upper bound on the share of training vectors outside the boundary and lower bound on the share of
/// support vectors, in (0, 1]. Default 0.1 rather than scikit-learn's 0.5: the training sound is all normal, and 0.5
/// would put half of it on the anomalous side of the boundary.</param>
/// <param name="Gamma">RBF kernel width in K(x, y) = exp(-Gamma |x - y|^2); null = scikit-learn's 'scale',
/// 1 / (D x variance of all training values).</param>
/// <param name="Tolerance">Stopping tolerance of the solver on the KKT gap (libsvm eps, sklearn tol).</param>
/// <param name="MaxTrainingVectors">The solver is O(n^2) in time and kernel memory, so at most this many vectors are
/// used: when there are more (ten-second DCASE clips give ~300 log-mel vectors each), this many are drawn uniformly
/// without replacement (seeded) and kept in their original order.</param>
/// <param name="Seed">Seed of that draw; the same seed and data give the same model on any machine.</param>
/// <param name="CacheMegabytes">Kernel column cache (sklearn cache_size, default 200 MB).</param>
/// <param name="MaxDegreeOfParallelism">Threads for kernel columns and scoring; null or -1 = all cores.</param>
public sealed record OneClassSvmOptions(
    double Nu = 0.1,
    double? Gamma = null,
    double Tolerance = 1e-3,
    int MaxTrainingVectors = 4096,
    int Seed = 0,
    int CacheMegabytes = 200,
    int? MaxDegreeOfParallelism = null)
{
    /// <summary>Throws ArgumentException describing the first invalid option.</summary>
    public void Validate()
    {
        if (!(Nu > 0 && Nu <= 1)) throw new ArgumentException($"Nu must be in (0, 1] (got {Nu}).", nameof(Nu));
        if (Gamma is { } g && !(g > 0 && double.IsFinite(g)))
            throw new ArgumentException($"Gamma must be a positive finite number or null for 'scale' (got {g}).", nameof(Gamma));
        if (!(Tolerance > 0 && double.IsFinite(Tolerance)))
            throw new ArgumentException($"Tolerance must be a positive finite number (got {Tolerance}).", nameof(Tolerance));
        if (MaxTrainingVectors < 2)
            throw new ArgumentException($"MaxTrainingVectors must be at least 2 (got {MaxTrainingVectors}).", nameof(MaxTrainingVectors));
        if (CacheMegabytes < 1)
            throw new ArgumentException($"CacheMegabytes must be at least 1 (got {CacheMegabytes}).", nameof(CacheMegabytes));
        if (MaxDegreeOfParallelism is { } p && p != -1 && p < 1)
            throw new ArgumentException($"MaxDegreeOfParallelism must be -1, null or at least 1 (got {p}).", nameof(MaxDegreeOfParallelism));
    }
}
