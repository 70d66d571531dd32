using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Models;

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

    /// <summary>
    /// The threshold is fitted on held-out training scores: the clips are split into min(ThresholdFolds, clips) folds
    /// and each clip is scored by a model trained without its fold (5: leave-one-out up to 5 clips), costing that many
    /// extra fits. 1 = in-sample scores (the fitted model scores its own training clips, which sit far below new
    /// normal clips for GMM, Mahalanobis, k-means, forests and autoencoders).
    /// </summary>
    public int ThresholdFolds { get; init; } = 5;

    /// <summary>Replace an existing model file.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Clips whose features are extracted at once; -1 = all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Most stacked log-mel vectors taken from one file (8192 = 4.4 minutes at the defaults, 21 MB): a longer file
    /// gives every 2nd, 4th, 8th... vector, spread over the whole file, with a warning naming it - so training on an hour
    /// (112,000 vectors) or a day needs bounded memory, and the audio itself is never held (issue 15 item 13).
    /// </summary>
    public int MaxVectorsPerFile { get; init; } = 8192;
}
