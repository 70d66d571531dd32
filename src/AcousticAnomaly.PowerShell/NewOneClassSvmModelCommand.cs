using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.OneClassSvm;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a one-class SVM on recordings of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// Extracts features from every clip (DCASE log-mel frames by default) and fits scikit-learn's OneClassSVM (libsvm's
/// nu one-class SVM with an RBF kernel) on them. Training time and memory grow with the square of the vector count,
/// so at most -MaxTrainingVectors vectors (default 4096) are used, drawn at random with -Seed when there are more.
/// The model has the interface skl2onnx gives a OneClassSVM (input X, outputs label and scores = decision_function,
/// negative = anomalous); the default clip threshold is the SVM's own boundary (Score 0). Clips that cannot be read are
/// reported as non-terminating errors and left out; an existing model file is kept unless -Force is given.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-OneClassSvmModel -OutputPath models/pump-ocsvm.onnx -Nu 0.05</code>
/// <para>Trains on every WAV in normal/, allowing about 5 % of the training vectors outside the boundary.</para>
/// </example>
/// <example>
/// <code>New-OneClassSvmModel normal/*.flac -OutputPath fan.onnx -FeatureSet LogMelStats -Gamma 0.001 -ThresholdMethod Gamma</code>
/// <para>Per-clip log-mel statistics, a fixed kernel width, and the DCASE gamma-fit threshold instead of the SVM boundary.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "OneClassSvmModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewOneClassSvmModelCommand : TrainingCmdlet
{
    private static readonly OneClassSvmOptions Defaults = new();

    /// <summary>Upper bound on the share of training vectors left outside the boundary, in (0, 1].</summary>
    [Parameter]
    [ValidateRange(0.0001, 1.0)]
    public double Nu { get; set; } = Defaults.Nu;

    /// <summary>RBF kernel width; default scikit-learn's 'scale', 1 / (features x variance of the training values).</summary>
    [Parameter]
    [ValidateRange(1e-12, 1e12)]
    public double? Gamma { get; set; }

    /// <summary>Most vectors the solver trains on; more are subsampled at random with -Seed.</summary>
    [Parameter]
    [ValidateRange(2, 1000000)]
    public int MaxTrainingVectors { get; set; } = Defaults.MaxTrainingVectors;

    /// <summary>Random seed of the subsample; the same seed and data give the same model on any machine.</summary>
    [Parameter]
    public int Seed { get; set; } = Defaults.Seed;

    protected override IDetectorTrainer CreateDetector() =>
        new OneClassSvmDetectorTrainer(Defaults with { Nu = Nu, Gamma = Gamma, MaxTrainingVectors = MaxTrainingVectors, Seed = Seed });
}
