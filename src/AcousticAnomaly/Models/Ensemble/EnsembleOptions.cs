namespace AcousticAnomaly.Models.Ensemble;

/// <summary>
/// A score ensemble: each member's clip scores z-normalised with the mean and standard deviation of its held-out
/// training-clip scores, then combined as a weighted mean (Score = sum w_i (s_i - mean_i) / sd_i, weights summing to 1).
/// </summary>
/// <param name="Members">The member families (default: <see cref="DefaultMembers"/>).</param>
/// <param name="Weights">One weight per member (normalised to sum 1), or null for the plain mean.</param>
/// <param name="Folds">Folds of the cross-fitting that gives the held-out scores (at most the clips; at least 2).</param>
/// <param name="Seed">Seed of the members that draw random numbers.</param>
public sealed record EnsembleOptions(
    IReadOnlyList<EnsembleMember>? Members = null,
    IReadOnlyList<double>? Weights = null,
    int Folds = 5,
    int Seed = 0)
{
    /// <summary>The three best single detectors on valve source (docs/benchmarks.md), each on LogMelTwfr.</summary>
    public static readonly IReadOnlyList<EnsembleMember> DefaultMembers = [EnsembleMember.Knn, EnsembleMember.Gmm, EnsembleMember.Mahalanobis];

    /// <summary>The feature set ensembles are trained on unless told otherwise: their members' (TWFR pooling).</summary>
    public const Features.FeatureSet RecommendedFeatureSet = Features.FeatureSet.LogMelTwfr;

    public IReadOnlyList<EnsembleMember> MemberList => Members ?? DefaultMembers;

    /// <summary>The weights normalised to sum 1 (equal without <see cref="Weights"/>).</summary>
    public double[] NormalizedWeights()
    {
        var w = Weights?.ToArray() ?? Enumerable.Repeat(1.0, MemberList.Count).ToArray();
        double sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    /// <summary>Throws ArgumentException naming the first invalid option.</summary>
    public void Validate()
    {
        if (MemberList.Count < 1) throw new ArgumentException("An ensemble needs at least one member.", nameof(Members));
        if (Weights is not null && Weights.Count != MemberList.Count)
            throw new ArgumentException($"Give one weight per member ({MemberList.Count} members, {Weights.Count} weights).", nameof(Weights));
        if (Weights is not null && (Weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || !(Weights.Sum() > 0)))
            throw new ArgumentException("Weights must be finite, >= 0 and not all 0.", nameof(Weights));
        if (Folds < 2) throw new ArgumentException($"Folds must be at least 2 (got {Folds}).", nameof(Folds));
    }
}
