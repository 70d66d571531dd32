using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Knn;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a k-nearest-neighbour memory-bank detector on recordings of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// Every training vector (one per clip with the default TWFR-pooled log-mel) is kept, standardised, as a memory bank.
/// A new clip is scored by its local outlier factor (scikit-learn's LocalOutlierFactor, novelty=True): its distance to
/// its -Neighbors nearest bank vectors relative to how densely those neighbours sit among themselves, so a sparse but
/// normal operating mode is not flagged for being sparse. -DensityNormalized $false scores the plain distance to the
/// k-th nearest bank vector instead. Training clips are scored leave-one-out for the threshold (DCASE gamma fit, 0.9).
/// The bank is stored in the .onnx file: with -FeatureSet LogMelFrames it holds every frame and grows large.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-KnnModel -OutputPath models/valve-knn.onnx</code>
/// <para>Local outlier factor over the 5 nearest training clips.</para>
/// </example>
/// <example>
/// <code>New-KnnModel normal/*.flac -OutputPath fan.onnx -Neighbors 1 -DensityNormalized $false</code>
/// <para>Distance to the nearest training clip.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "KnnModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewKnnModelCommand : TrainingCmdlet
{
    private static readonly KnnOptions Defaults = new();

    /// <summary>TWFR pooling by default, like New-GmmModel.</summary>
    public NewKnnModelCommand() => FeatureSet = KnnOptions.RecommendedFeatureSet;

    /// <summary>k, the neighbours consulted.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int Neighbors { get; set; } = Defaults.Neighbors;

    /// <summary>Score the local outlier factor instead of the k-th neighbour distance.</summary>
    [Parameter]
    public bool DensityNormalized { get; set; } = Defaults.DensityNormalized;

    /// <summary>Standardise every feature with its training mean and standard deviation.</summary>
    [Parameter]
    public bool Standardize { get; set; } = Defaults.Standardize;

    protected override IDetectorTrainer CreateDetector() => new KnnDetectorTrainer(new KnnOptions(Neighbors, DensityNormalized, Standardize));
}
