using AcousticAnomaly.Detectors.Thresholds;
using AcousticAnomaly.Features;

namespace AcousticAnomaly.Training;

/// <summary>Everything about a training run besides the detector itself.</summary>
public sealed record TrainingOptions
{
    /// <summary>Feature extraction, stored in the model so prediction repeats it.</summary>
    public FeatureSettings Features { get; init; } = new();

    /// <summary>
    /// How the clip threshold is derived from the training clips' scores; null = the model family's own default
    /// (<see cref="IDetectorTrainer.DefaultThresholdMethod"/>). Contamination without a fraction selects a detector's
    /// own boundary.
    /// </summary>
    public ThresholdMethod? ThresholdMethod { get; init; }

    /// <summary>
    /// Contamination: the share of training clips to flag, or null for the detector's own boundary (scikit-learn's
    /// 'auto'); Percentile: 0-100 (default <see cref="ThresholdCalculator.DefaultPercentile"/>); Gamma: the quantile (default
    /// <see cref="ThresholdCalculator.DefaultGammaQuantile"/>, the DCASE 2023 baseline).
    /// </summary>
    public double? ThresholdParameter { get; init; }

    /// <summary>Replace an existing model file.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Clips whose features are extracted at once; -1 = all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
