namespace AcousticAnomaly.Models.Thresholds;

/// <summary>How a decision threshold is derived from a model's training scores (higher = more anomalous).</summary>
public enum ThresholdMethod
{
    /// <summary>scikit-learn's contamination: the (1 - c) quantile, so a share c of training clips is flagged.</summary>
    Contamination,

    /// <summary>A plain percentile of the training scores (e.g. 95).</summary>
    Percentile,

    /// <summary>
    /// The DCASE 2023 baseline: a quantile (0.9) of a gamma distribution fitted to the training scores, exactly as
    /// SciPy fits it. Caution inherited from SciPy: when the moment start puts loc above the smallest score, SciPy
    /// restarts from scale 1, and on scores with a spread far below 1 its 600-evaluation search does not recover
    /// (fixture gamma_skewed: scores 0.35-0.59, SciPy's 0.9 threshold 1.28). Autoencoder MSE scores (~10-50) are fine.
    /// </summary>
    Gamma,
}
