using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.Autoencoder;

/// <summary>
/// The DCASE dense autoencoder as a detector kind: trains with <see cref="AutoencoderTrainer"/>, exports with
/// <see cref="AutoencoderOnnxExporter"/>. Score = mean squared reconstruction error per vector. It has no natural
/// decision boundary: the threshold comes from the training clips' scores (the DCASE 2023 baseline fits a gamma
/// distribution and takes its 0.9 quantile).
/// </summary>
public sealed class AutoencoderDetectorTrainer(AutoencoderOptions options) : IIterativeDetectorTrainer
{
    private readonly AutoencoderOptions _options = Validated(options);

    public string Algorithm => "Autoencoder";

    /// <summary>The DCASE baseline's own rule: a gamma fit of the training clips' reconstruction errors, its 0.9 quantile.</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    public IProgress<TrainingIteration>? Iterations { get; set; }

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["hidden_units"] = options.HiddenUnits.ToString(CultureInfo.InvariantCulture),
        ["hidden_layers"] = options.HiddenLayers.ToString(CultureInfo.InvariantCulture),
        ["bottleneck_units"] = options.BottleneckUnits.ToString(CultureInfo.InvariantCulture),
        ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
        ["batch_size"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["validation_split"] = options.ValidationSplit.ToString("R", CultureInfo.InvariantCulture),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        ["standardize"] = options.Standardize ? "true" : "false",
    };

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        (float[] Mean, float[] Scale)? scaling = _options.Standardize && vectors.Rows > 0 ? ColumnScaling.MeanAndScale(vectors) : null;
        var input = scaling is { } s ? ColumnScaling.Standardized(vectors, s.Mean, s.Scale) : vectors;
        return new TrainedAutoencoder(new AutoencoderTrainer(_options).Train(input, cancellationToken, Iterations), scaling, _options.MaxDegreeOfParallelism);
    }

    private static AutoencoderOptions Validated(AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private sealed class TrainedAutoencoder(AutoencoderModel model, (float[] Mean, float[] Scale)? scaling, int maxDegreeOfParallelism) : ITrainedDetector
    {
        // The graph's "error" output is the score itself.
        public ScoreKind ScoreKind => ScoreKind.ReconstructionError;

        public double? NaturalThreshold => null;

        public double[] Score(FeatureMatrix vectors) => model.ReconstructionErrors(
            scaling is { } s ? ColumnScaling.Standardized(vectors, s.Mean, s.Scale) : vectors, maxDegreeOfParallelism);

        public void Export(string path, ModelMetadata metadata) => AutoencoderOnnxExporter.Export(model, path, metadata, scaling);
    }
}
