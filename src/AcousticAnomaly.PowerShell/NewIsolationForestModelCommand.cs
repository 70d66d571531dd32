using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains an Isolation Forest on recordings of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// Extracts features from every clip (DCASE log-mel frames by default), fits scikit-learn's Isolation Forest algorithm
/// on all feature vectors, sets the clip threshold and writes one .onnx file that carries the feature settings, the
/// threshold and a training summary. The model has scikit-learn's interface (input X, outputs label and scores), so
/// ONNX Runtime and Invoke-AnomalyPrediction use it like a skl2onnx export. Clips that cannot be read are reported as
/// non-terminating errors and left out; an existing model file is kept unless -Force is given.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-IsolationForestModel -OutputPath models/pump.onnx -Seed 1</code>
/// <para>Trains on every WAV in normal/ and writes models/pump.onnx.</para>
/// </example>
/// <example>
/// <code>New-IsolationForestModel normal/*.flac -OutputPath fan.onnx -FeatureSet MfccStats -ThresholdMethod Percentile -ThresholdParameter 99</code>
/// <para>Uses per-clip MFCC statistics and flags clips scoring above the 99th percentile of the training clips.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "IsolationForestModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewIsolationForestModelCommand : TrainingCmdlet
{
    private static readonly IsolationForestOptions Defaults = new();

    /// <summary>Number of trees.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int TreeCount { get; set; } = Defaults.TreeCount;

    /// <summary>Vectors drawn for each tree; default min(256, vectors), as scikit-learn's max_samples='auto'.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? SampleSize { get; set; }

    /// <summary>
    /// Expected share of anomalies in the training data, in (0, 0.5]. Sets the forest's offset as scikit-learn does and,
    /// with -ThresholdMethod Contamination, the clip threshold. Default: scikit-learn's 'auto' (threshold 0).
    /// </summary>
    [Parameter]
    [ValidateRange(0.0001, 0.5)]
    public double? Contamination { get; set; }

    /// <summary>Random seed; the same seed and data give the same model on any machine.</summary>
    [Parameter]
    public int Seed { get; set; } = Defaults.Seed;

    protected override double? ContaminationParameter => Contamination;

    protected override IDetectorTrainer CreateDetector() =>
        new IsolationForestDetectorTrainer(Defaults with { TreeCount = TreeCount, MaxSamples = SampleSize, Contamination = Contamination, Seed = Seed });
}
