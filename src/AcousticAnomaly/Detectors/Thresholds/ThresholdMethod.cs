namespace AcousticAnomaly.Detectors.Thresholds;

/// <summary>How a decision threshold is derived from a model's training scores (higher = more anomalous).</summary>
public enum ThresholdMethod
{
    /// <summary>scikit-learn's contamination: the (1 - c) quantile, so a share c of training clips is flagged.</summary>
    Contamination,

    /// <summary>A plain percentile of the training scores (e.g. 95).</summary>
    Percentile,

    /// <summary>The DCASE 2023 baseline: a quantile (0.9) of a gamma distribution fitted to the training scores.</summary>
    Gamma,
}
