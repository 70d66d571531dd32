using AcousticAnomaly.Models.Gmm;
using AcousticAnomaly.Models.Knn;
using AcousticAnomaly.Models.Mahalanobis;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Models.KMeans;

namespace AcousticAnomaly.Models.Ensemble;

/// <summary>The detector families an ensemble can hold, by name, each with its own options record's defaults.</summary>
public enum EnsembleMember
{
    Knn,
    Gmm,
    Mahalanobis,
    KMeans,
    IsolationForest,
}

/// <summary>Creates a member's trainer.</summary>
public static class EnsembleMembers
{
    /// <param name="member">The family.</param>
    /// <param name="seed">Seed of the families that draw random numbers (GMM's k-means start, k-means, forest).</param>
    public static IDetectorTrainer Create(EnsembleMember member, int seed = 0) => member switch
    {
        EnsembleMember.Knn => new KnnDetectorTrainer(new KnnOptions()),
        EnsembleMember.Gmm => new GmmDetectorTrainer(new GmmOptions(Seed: seed)),
        EnsembleMember.Mahalanobis => new MahalanobisDetectorTrainer(new MahalanobisOptions()),
        EnsembleMember.KMeans => new KMeansDetectorTrainer(new KMeansOptions(Seed: seed)),
        EnsembleMember.IsolationForest => new IsolationForestDetectorTrainer(new IsolationForestOptions(Seed: seed)),
        _ => throw new ArgumentOutOfRangeException(nameof(member), member, "not an ensemble member family"),
    };
}
