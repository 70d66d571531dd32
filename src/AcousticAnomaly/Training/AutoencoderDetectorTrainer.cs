using System.Globalization;
using AcousticAnomaly.Detectors;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Training;

/// <summary>
/// The DCASE dense autoencoder as a detector kind: trains with <see cref="AutoencoderTrainer"/>, exports with
/// <see cref="AutoencoderOnnxExporter"/>. Score = mean squared reconstruction error per vector. It has no natural
/// decision boundary: the threshold comes from the training clips' scores (the DCASE 2023 baseline fits a gamma
/// distribution and takes its 0.9 quantile).
/// </summary>
public sealed class AutoencoderDetectorTrainer(AutoencoderOptions options) : IDetectorTrainer
{
    private readonly AutoencoderOptions _options = Validated(options);

    public string Algorithm => "Autoencoder";

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
    };

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken) =>
        new TrainedAutoencoder(new AutoencoderTrainer(_options).Train(vectors, cancellationToken), _options.MaxDegreeOfParallelism);

    private static AutoencoderOptions Validated(AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private sealed class TrainedAutoencoder(AutoencoderModel model, int maxDegreeOfParallelism) : ITrainedDetector
    {
        // The graph's "error" output is the score itself.
        public ScoreKind ScoreKind => ScoreKind.ReconstructionError;

        public double? NaturalThreshold => null;

        public double[] Score(FeatureMatrix vectors) => model.ReconstructionErrors(vectors, maxDegreeOfParallelism);

        public void Export(string path, ModelMetadata metadata) => AutoencoderOnnxExporter.Export(model, path, metadata);
    }
}
