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
public sealed record MahalanobisOptions(CovarianceEstimator Covariance = CovarianceEstimator.LedoitWolf)
{
    /// <summary>The feature set these models are trained on unless told otherwise (TWFR pooling: see docs/benchmarks.md).</summary>
    public const Features.FeatureSet RecommendedFeatureSet = Features.FeatureSet.LogMelTwfr;

    /// <summary>Throws ArgumentException naming an invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Covariance)) throw new ArgumentException($"Unknown covariance estimator {Covariance}.", nameof(Covariance));
    }
}
