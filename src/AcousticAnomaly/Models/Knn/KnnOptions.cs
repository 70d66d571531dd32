namespace AcousticAnomaly.Models.Knn;

/// <summary>Training options for <see cref="KnnTrainer"/>: a memory bank of the training vectors.</summary>
/// <param name="Neighbors">k: neighbours consulted per vector (at most the training vectors - 1 with density normalisation).</param>
/// <param name="DensityNormalized">Score the local outlier factor (scikit-learn's LocalOutlierFactor, novelty=True):
/// the distance to the k nearest training vectors relative to how densely those neighbours themselves sit, so a
/// sparse but normal operating mode is not flagged just for being sparse. Off: the distance to the k-th nearest
/// training vector (scikit-learn's NearestNeighbors).</param>
/// <param name="Standardize">Standardise every feature with its training mean and standard deviation first (as k-means).</param>
public sealed record KnnOptions(int Neighbors = 5, bool DensityNormalized = true, bool Standardize = true)
{
    /// <summary>The feature set these models are trained on unless told otherwise (TWFR pooling: see docs/benchmarks.md).</summary>
    public const Features.FeatureSet RecommendedFeatureSet = Features.FeatureSet.LogMelTwfr;

    /// <summary>Throws ArgumentException naming an invalid option.</summary>
    public void Validate()
    {
        if (Neighbors < 1) throw new ArgumentException($"Neighbors must be at least 1 (got {Neighbors}).", nameof(Neighbors));
    }
}
