using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Autoencoder;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains the DCASE dense autoencoder on recordings of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// Extracts features from every clip (DCASE log-mel frames by default: 640 values per vector), trains the DCASE Task 2
/// baseline autoencoder on all vectors - Dense 128 x 4, a bottleneck of 8, Dense 128 x 4 (each Dense followed by batch
/// normalisation and ReLU), a linear output layer; Adam, mean squared error, 100 epochs, batches of 512, the last 10 %
/// of the vectors held out for validation - and writes one .onnx file. The score of a vector is its mean squared
/// reconstruction error, a clip's score the mean over its vectors. The threshold defaults to the DCASE 2023 rule: the
/// 0.9 quantile of a gamma distribution fitted to the training clips' scores (-ThresholdMethod Gamma). The graph uses
/// standard ONNX operators only and outputs "error" (the score) and "reconstruction". Clips that cannot be read are
/// reported as non-terminating errors and left out; an existing model file is kept unless -Force is given.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-AutoencoderModel -OutputPath models/valve-ae.onnx -Seed 1</code>
/// <para>Trains the DCASE baseline autoencoder on every WAV in normal/ and writes models/valve-ae.onnx.</para>
/// </example>
/// <example>
/// <code>New-AutoencoderModel normal/*.flac -OutputPath quick.onnx -Epochs 20 -ThresholdMethod Percentile -ThresholdParameter 99</code>
/// <para>A shorter training run whose threshold is the 99th percentile of the training clips' scores.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "AutoencoderModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewAutoencoderModelCommand : TrainingCmdlet
{
    private static readonly AutoencoderOptions Defaults = new();

    /// <summary>Passes over the training vectors.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Vectors per gradient step.</summary>
    [Parameter]
    [ValidateRange(1, 1000000)]
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Adam's learning rate.</summary>
    [Parameter]
    [ValidateRange(1e-9, 10.0)]
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Share of the vectors (the last ones, as Keras does) held out to report validation loss; 0 = none.</summary>
    [Parameter]
    [ValidateRange(0.0, 0.9)]
    public double ValidationSplit { get; set; } = Defaults.ValidationSplit;

    /// <summary>Units of each hidden layer.</summary>
    [Parameter]
    [ValidateRange(1, 65536)]
    public int HiddenUnits { get; set; } = Defaults.HiddenUnits;

    /// <summary>Units of the bottleneck layer.</summary>
    [Parameter]
    [ValidateRange(1, 65536)]
    public int BottleneckUnits { get; set; } = Defaults.BottleneckUnits;

    /// <summary>Random seed for weight initialisation and shuffling; the same seed and data give the same model.</summary>
    [Parameter]
    public int Seed { get; set; } = Defaults.Seed;

    /// <summary>
    /// Standardise every feature with its training mean and standard deviation before the network;
    /// $false feeds raw dB exactly as the DCASE baseline does.
    /// </summary>
    [Parameter]
    public bool Standardize { get; set; } = Defaults.Standardize;

    protected override IDetectorTrainer CreateDetector() =>
        new AutoencoderDetectorTrainer(Defaults with
        {
            HiddenUnits = HiddenUnits, BottleneckUnits = BottleneckUnits, Epochs = Epochs, BatchSize = BatchSize,
            LearningRate = LearningRate, ValidationSplit = ValidationSplit, Seed = Seed, Standardize = Standardize,
        });
}
