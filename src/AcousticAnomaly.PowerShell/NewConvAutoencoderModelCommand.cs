using System.Management.Automation;
using AcousticAnomaly.Models.ConvAutoencoder;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a convolutional autoencoder on log-mel blocks of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// Each clip is cut into blocks of -FrameSeconds of consecutive log-mel frames (LogMelFrames with that many frames);
/// training takes blocks -Overlap apart (0.5: half a block), normalised to [0, 1] with the training minimum and maximum
/// (stored in the model). The network is 1-D convolutions over time with the mel bands as channels, squeezed to
/// -BottleneckChannels per frame and back, ending in a sigmoid. Score = the block's mean squared reconstruction error;
/// a clip's score is the mean over every block position. The threshold comes from the training clips' scores (DCASE
/// gamma fit, 0.9). The .onnx graph (Conv, Relu, Sigmoid) computes the same scores in ONNX Runtime.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-ConvAutoencoderModel -OutputPath models/valve-cae.onnx</code>
/// <para>Blocks of 0.6 s, half overlapping, 20 epochs.</para>
/// </example>
/// <example>
/// <code>New-ConvAutoencoderModel normal/*.flac -OutputPath fan.onnx -FrameSeconds 1 -Overlap 0.75 -Epochs 40</code>
/// <para>Longer blocks, more of them, longer training.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "ConvAutoencoderModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewConvAutoencoderModelCommand : TrainingCmdlet
{
    private static readonly ConvAutoencoderOptions Defaults = new();

    /// <summary>Length of one block of log-mel frames in seconds (default 0.6).</summary>
    [Parameter]
    [ValidateRange(0.01, 60.0)]
    public double FrameSeconds { get; set; } = Defaults.FrameSeconds;

    /// <summary>Overlap of consecutive training blocks, 0 to below 1 (default 0.5).</summary>
    [Parameter]
    [ValidateRange(0.0, 0.99)]
    public double Overlap { get; set; } = Defaults.Overlap;

    /// <summary>Channels of the outer convolutions (default 64).</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int HiddenChannels { get; set; } = Defaults.HiddenChannels;

    /// <summary>Channels of the code in the middle (default 16).</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int BottleneckChannels { get; set; } = Defaults.BottleneckChannels;

    /// <summary>Passes over the training blocks (default 20).</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Blocks per gradient step (default 32).</summary>
    [Parameter]
    [ValidateRange(1, 1000000)]
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Adam's learning rate (default 0.001).</summary>
    [Parameter]
    [ValidateRange(1e-9, 10.0)]
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Seeds initialisation and shuffling (default 0): the same seed and clips give the same model.</summary>
    [Parameter]
    public int Seed { get; set; } = Defaults.Seed;

    protected override IDetectorTrainer CreateDetector() => new ConvAutoencoderDetectorTrainer(Defaults with
    {
        FrameSeconds = FrameSeconds,
        Overlap = Overlap,
        HiddenChannels = HiddenChannels,
        BottleneckChannels = BottleneckChannels,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Seed = Seed,
    });
}
