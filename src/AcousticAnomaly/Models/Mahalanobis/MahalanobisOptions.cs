namespace AcousticAnomaly.Models.Mahalanobis;

/// <summary>How the covariance of normal sound is estimated.</summary>
public enum CovarianceEstimator
{
    /// <summary>The maximum-likelihood covariance (scikit-learn's EmpiricalCovariance); its pseudo-inverse when singular.</summary>
    Full,
    /// <summary>Ledoit-Wolf shrinkage towards a scaled identity (scikit-learn's LedoitWolf): well conditioned even with
    /// fewer clips than features, which is the usual case (a few dozen clips, 128 mel bands).</summary>
    LedoitWolf,
}

/// <summary>Training options for <see cref="MahalanobisTrainer"/>.</summary>
/// <param name="Covariance">Full or shrunk (default: Ledoit-Wolf).</param>
/// <param name="DomainPattern">Domain-aware scoring (the selective-Mahalanobis idea): a regular expression matched
/// against each training clip's file name; its first group (or the whole match) names the clip's domain, e.g.
/// "_(source|target)_" for DCASE names. One location and covariance is kept per domain and a vector is scored by the
/// nearest, so a machine heard in few target clips is not judged by its many source clips' statistics. Clips the
/// pattern does not match form the domain "other". Null: one statistic for all clips.</param>
public sealed record MahalanobisOptions(CovarianceEstimator Covariance = CovarianceEstimator.LedoitWolf, string? DomainPattern = null)
{
    /// <summary>The feature set these models are trained on unless told otherwise (TWFR pooling: see docs/benchmarks.md).</summary>
    public const Features.FeatureSet RecommendedFeatureSet = Features.FeatureSet.LogMelTwfr;

    /// <summary>Throws ArgumentException naming an invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Covariance)) throw new ArgumentException($"Unknown covariance estimator {Covariance}.", nameof(Covariance));
        if (DomainPattern is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(DomainPattern);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"DomainPattern is not a valid regular expression: {e.Message}", nameof(DomainPattern), e);
            }
        }
    }
}
