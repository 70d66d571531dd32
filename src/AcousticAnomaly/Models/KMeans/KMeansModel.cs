using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.KMeans;

/// <summary>
/// A fitted k-means detector. Centres live in the standardised space when <see cref="Mean"/>/<see cref="Scale"/> are
/// set: a vector x is first mapped to (x - Mean) / Scale (in double, as the ONNX graph does), then scored by its
/// Euclidean distance to the nearest centre.
/// </summary>
/// <param name="Centers">ClusterCount x FeatureCount centres, row-major.</param>
/// <param name="FeatureCount">Values per vector.</param>
/// <param name="Mean">Per-feature training mean, or null when the model does not standardise.</param>
/// <param name="Scale">Per-feature training standard deviation (1 where it was 0), or null with <see cref="Mean"/>.</param>
/// <param name="Inertia">Sum of squared distances of the training vectors to their centres (in the clustering space).</param>
/// <param name="Iterations">Lloyd iterations of the winning run.</param>
public sealed record KMeansModel(float[] Centers, int FeatureCount, float[]? Mean, float[]? Scale, double Inertia, int Iterations)
{
    public int ClusterCount => Centers.Length / FeatureCount;

    public bool Standardizes => Mean is not null;

    /// <summary>Throws ArgumentException if the arrays disagree with each other or hold non-finite values.</summary>
    public void Validate()
    {
        if (FeatureCount < 1) throw new ArgumentException($"FeatureCount must be at least 1 (got {FeatureCount}).");
        if (Centers is null || Centers.Length == 0 || Centers.Length % FeatureCount != 0)
            throw new ArgumentException($"Centers must hold whole rows of {FeatureCount} values.");
        if ((Mean is null) != (Scale is null)) throw new ArgumentException("Mean and Scale must both be set or both be null.");
        if (Mean is not null && (Mean.Length != FeatureCount || Scale!.Length != FeatureCount))
            throw new ArgumentException($"Mean and Scale must hold {FeatureCount} values.");
        if (FeatureMatrixChecks.FirstNonFinite(Centers) >= 0) throw new ArgumentException("Centers hold a NaN or infinite value.");
        if (Mean is not null && (FeatureMatrixChecks.FirstNonFinite(Mean) >= 0 || Scale!.Any(s => !(s > 0) || !float.IsFinite(s))))
            throw new ArgumentException("Mean must be finite and Scale finite and positive.");
    }
}
