using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models.ConvAutoencoder;

/// <summary>The network between the normalised block and its reconstruction.</summary>
public enum BlockAutoencoderArchitecture
{
    /// <summary>1-D convolutions over time, the mel bands as channels (Models/ConvAutoencoder).</summary>
    Convolutional,
    /// <summary>Three LSTM layers (bands -> hidden -> bottleneck -> hidden units per frame) and a per-frame dense layer
    /// back to the bands (Models/LstmAutoencoder).</summary>
    Lstm,
}

/// <summary>Training options for <see cref="ConvAutoencoderTrainer"/> (both block autoencoders: convolutional and LSTM).</summary>
/// <param name="FrameSeconds">Length of one input block of consecutive log-mel frames, in seconds (0.6, as in the
/// notebook workflow); the feature extractor stacks that many frames per vector (LogMelFrames).</param>
/// <param name="Overlap">Overlap of consecutive TRAINING blocks, 0 to below 1 (0.5): training takes every
/// round(frames x (1 - Overlap))-th block of a clip. Scoring reads every block (the extractor's one-frame step), so a
/// clip's score is the mean error over all its positions.</param>
/// <param name="HiddenChannels">Channels of the outer convolutions (64).</param>
/// <param name="BottleneckChannels">Channels of the middle code (16): each frame's MelBands values squeezed to this many.</param>
/// <param name="KernelSize">Convolution kernel length in frames, odd (3); zero padding keeps the block length.</param>
/// <param name="Epochs">Passes over the training blocks (20).</param>
/// <param name="BatchSize">Blocks per Adam step (32).</param>
/// <param name="LearningRate">Adam's learning rate (1e-3, PyTorch's default).</param>
/// <param name="Seed">Seeds weight initialisation and shuffling.</param>
/// <param name="MaxDegreeOfParallelism">Threads for the matrix products; -1 = all cores. Results do not depend on it.</param>
/// <param name="Architecture">Convolutional (default) or Lstm; HiddenChannels and BottleneckChannels are then the LSTM
/// layers' hidden units.</param>
/// <param name="ClipTopK">A clip's Score = the mean of its k highest block errors (1 = the max); null (default) = the
/// mean of all blocks, which ranked valve clips best (AUC 0.606 vs 0.575 max, 0.566 top-10: docs/benchmarks.md). Stored in the model, so ONNX prediction, the live watcher and the training threshold pool alike.</param>
public sealed record ConvAutoencoderOptions(
    double FrameSeconds = 0.6,
    double Overlap = 0.5,
    int HiddenChannels = 64,
    int BottleneckChannels = 16,
    int KernelSize = 3,
    int Epochs = 20,
    int BatchSize = 32,
    double LearningRate = 1e-3,
    int Seed = 0,
    int MaxDegreeOfParallelism = -1,
    BlockAutoencoderArchitecture Architecture = BlockAutoencoderArchitecture.Convolutional,
    int? ClipTopK = null)
{
    /// <summary>Stacked log-mel frames: the input of the network.</summary>
    public const FeatureSet RecommendedFeatureSet = FeatureSet.LogMelFrames;

    /// <summary>Frames per block at these settings' hop: at least the kernel length.</summary>
    public int FramesPerBlock(FeatureSettings features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Math.Max(KernelSize, (int)Math.Round(FrameSeconds * features.SampleRate / features.HopLength));
    }

    /// <summary>The feature settings the network reads: LogMelFrames with <see cref="FramesPerBlock"/> frames.</summary>
    public FeatureSettings Features(FeatureSettings features) =>
        features with { FeatureSet = FeatureSet.LogMelFrames, Frames = FramesPerBlock(features) };

    /// <summary>Training takes every this-many-th block of a clip.</summary>
    public int TrainingStride(int frames) => Math.Max(1, (int)Math.Round(frames * (1 - Overlap)));

    /// <summary>Throws ArgumentException naming the first invalid option.</summary>
    public void Validate()
    {
        static void Require(bool ok, string name, string problem)
        {
            if (!ok) throw new ArgumentException($"Invalid convolutional autoencoder option: {name} {problem}", name);
        }

        Require(FrameSeconds > 0 && double.IsFinite(FrameSeconds), nameof(FrameSeconds), $"must be a positive number (got {FrameSeconds}).");
        Require(Overlap >= 0 && Overlap < 1, nameof(Overlap), $"must be at least 0 and below 1 (got {Overlap}).");
        Require(HiddenChannels >= 1, nameof(HiddenChannels), $"must be at least 1 (got {HiddenChannels}).");
        Require(BottleneckChannels >= 1, nameof(BottleneckChannels), $"must be at least 1 (got {BottleneckChannels}).");
        Require(KernelSize >= 1 && KernelSize % 2 == 1, nameof(KernelSize), $"must be a positive odd number (got {KernelSize}).");
        Require(Epochs >= 1, nameof(Epochs), $"must be at least 1 (got {Epochs}).");
        Require(BatchSize >= 1, nameof(BatchSize), $"must be at least 1 (got {BatchSize}).");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be a positive number (got {LearningRate}).");
        Require(ClipTopK is null or >= 1, nameof(ClipTopK), $"must be at least 1, or unset for the mean (got {ClipTopK}).");
        Require(Enum.IsDefined(Architecture), nameof(Architecture), $"is not a known architecture (got {Architecture}).");
        Require(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism >= 1, nameof(MaxDegreeOfParallelism), $"must be -1 or at least 1 (got {MaxDegreeOfParallelism}).");
    }
}
