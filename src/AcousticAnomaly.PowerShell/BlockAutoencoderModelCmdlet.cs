using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.ConvAutoencoder;

namespace AcousticAnomaly.PowerShell;

/// <summary>The parameters New-ConvAutoencoderModel and New-LstmAutoencoderModel share: blocks of log-mel frames,
/// the network's widths and the training schedule.</summary>
public abstract class BlockAutoencoderModelCmdlet : TrainingCmdlet
{
    private protected static readonly ConvAutoencoderOptions Defaults = new();

    /// <summary>Length of one block of log-mel frames in seconds.</summary>
    [Parameter]
    [ValidateRange(0.01, 60.0)]
    public double FrameSeconds { get; set; } = Defaults.FrameSeconds;

    /// <summary>Overlap of consecutive training blocks, 0 to below 1.</summary>
    [Parameter]
    [ValidateRange(0.0, 0.99)]
    public double Overlap { get; set; } = Defaults.Overlap;

    /// <summary>Channels of the outer convolutions.</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int HiddenChannels { get; set; } = Defaults.HiddenChannels;

    /// <summary>Channels of the code in the middle.</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int BottleneckChannels { get; set; } = Defaults.BottleneckChannels;

    /// <summary>Passes over the training blocks.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Blocks per gradient step.</summary>
    [Parameter]
    [ValidateRange(1, 1000000)]
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Adam's learning rate.</summary>
    [Parameter]
    [ValidateRange(1e-9, 10.0)]
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Seeds initialisation and shuffling: the same seed and clips give the same model.</summary>
    [Parameter]
    public int Seed { get; set; } = Defaults.Seed;

    /// <summary>
    /// A clip's Score = the mean of its k highest block errors (1 = the maximum; default 0 = the mean of all
    /// blocks, the best on valve). Stored in the model: prediction, the live watcher and the training threshold pool alike.
    /// </summary>
    [Parameter]
    [ValidateRange(0, 1000000)]
    public int ClipTopK { get; set; } = Defaults.ClipTopK ?? ClipPooling.MeanOfAll;

    /// <summary>The network family of the concrete cmdlet.</summary>
    protected abstract BlockAutoencoderArchitecture Architecture { get; }

    protected override IDetectorTrainer CreateDetector() => new ConvAutoencoderDetectorTrainer(Defaults with
    {
        Architecture = Architecture,
        FrameSeconds = FrameSeconds,
        Overlap = Overlap,
        HiddenChannels = HiddenChannels,
        BottleneckChannels = BottleneckChannels,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Seed = Seed,
        ClipTopK = ClipTopK == 0 ? null : ClipTopK,
    });
}
