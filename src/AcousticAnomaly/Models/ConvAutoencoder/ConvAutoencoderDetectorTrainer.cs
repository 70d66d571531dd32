using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.ConvAutoencoder;

/// <summary>The convolutional autoencoder as a detector kind: extracts LogMelFrames blocks of FrameSeconds, trains on
/// every stride-th block of each clip (the overlap ratio), Score = the block's mean squared reconstruction error of the
/// [0, 1]-normalised log-mel; the threshold comes from the training clips' scores.</summary>
public sealed class ConvAutoencoderDetectorTrainer(ConvAutoencoderOptions options) : IClipAwareDetectorTrainer, IFeatureShapingDetectorTrainer, IIterativeDetectorTrainer
{
    private readonly ConvAutoencoderOptions _options = Validated(options);
    private readonly Dictionary<string, string> _parameters = new()
    {
        ["frame_seconds"] = options.FrameSeconds.ToString("R", CultureInfo.InvariantCulture),
        ["overlap"] = options.Overlap.ToString("R", CultureInfo.InvariantCulture),
        ["hidden_channels"] = options.HiddenChannels.ToString(CultureInfo.InvariantCulture),
        ["bottleneck_channels"] = options.BottleneckChannels.ToString(CultureInfo.InvariantCulture),
        ["kernel_size"] = options.KernelSize.ToString(CultureInfo.InvariantCulture),
        ["architecture"] = options.Architecture.ToString(),
        ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
        ["batch_size"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        ["clip_top_k"] = options.ClipTopK?.ToString(CultureInfo.InvariantCulture) ?? "mean",
    };
    private int _frames;

    public string Algorithm => options.Architecture == BlockAutoencoderArchitecture.Lstm ? "LstmAutoencoder" : "ConvAutoencoder";

    /// <summary>Reconstruction errors, as the DCASE autoencoder baseline: the gamma fit of the training clips' errors.</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    public IProgress<TrainingIteration>? Iterations { get; set; }

    /// <summary>After training also "frames" per block, "training_blocks" and the "final_loss".</summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    public FeatureSettings Features(FeatureSettings requested)
    {
        var features = _options.Features(requested);
        _frames = features.Frames;
        return features;
    }

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken) => Train([("", vectors)], vectors, cancellationToken);

    public ITrainedDetector Train(IReadOnlyList<(string Path, FeatureMatrix Vectors)> clips, FeatureMatrix all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(all);
        int frames = _frames > 0 ? _frames : _options.FramesPerBlock(new FeatureSettings());
        int stride = _options.TrainingStride(frames);
        var rows = new List<float>();
        int count = 0;
        foreach (var (_, v) in clips)
            for (int r = 0; r < v.Rows; r += stride, count++) rows.AddRange(v.Row(r).ToArray());
        var blocks = new FeatureMatrix(rows.ToArray(), count, all.Columns);
        var trainer = new ConvAutoencoderTrainer(_options);
        var model = trainer.Train(blocks, frames, cancellationToken, Iterations);
        _parameters["frames"] = frames.ToString(CultureInfo.InvariantCulture);
        _parameters["training_blocks"] = count.ToString(CultureInfo.InvariantCulture);
        _parameters["final_loss"] = trainer.EpochLosses[^1].ToString("R", CultureInfo.InvariantCulture);
        return new Trained(model, _options.ClipTopK);
    }

    private static ConvAutoencoderOptions Validated(ConvAutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private sealed class Trained(ConvAutoencoderModel model, int? clipTopK) : ITrainedDetector
    {
        public int? ClipTopK => clipTopK;

        public ScoreKind ScoreKind => ScoreKind.ReconstructionError;

        public double? NaturalThreshold => null;

        public double[] Score(FeatureMatrix vectors) => model.ReconstructionErrors(vectors);

        public void Export(string path, ModelMetadata metadata) => ConvAutoencoderOnnxExporter.Export(model, path, metadata);
    }
}
