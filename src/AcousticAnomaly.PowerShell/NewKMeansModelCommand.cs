using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.KMeans;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a k-means distance detector on recordings of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// Extracts features from every clip (DCASE log-mel frames by default), standardises each feature with its training
/// mean and standard deviation, clusters all vectors with k-means (k-means++ starts, Lloyd iterations, as
/// scikit-learn's KMeans) and scores a vector by its distance to the nearest cluster centre - far from every centre
/// means unlike anything heard in training. k-means has no decision boundary of its own, so the clip threshold comes
/// from the training clips' scores: by default a gamma distribution is fitted to them and its 0.9 quantile is used
/// (the DCASE 2023 baseline rule); -ThresholdMethod Percentile is the alternative. The .onnx file holds the
/// standardisation, the centres, the feature settings and the threshold; its float output "distance" is the Score.
/// Clips that cannot be read are reported as non-terminating errors and left out; an existing model file is kept
/// unless -Force is given.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-KMeansModel -OutputPath models/valve-kmeans.onnx -ClusterCount 16 -Seed 1</code>
/// <para>Trains 16 centres on every WAV in normal/ and writes models/valve-kmeans.onnx.</para>
/// </example>
/// <example>
/// <code>New-KMeansModel normal/*.flac -OutputPath fan.onnx -ClusterCount 1 -ThresholdMethod Percentile -ThresholdParameter 99</code>
/// <para>A single centre (distance to the mean of normal sound); clips above the 99th percentile of training are anomalous.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "KMeansModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewKMeansModelCommand : TrainingCmdlet
{
    private static readonly KMeansOptions Defaults = new();

    /// <summary>Number of cluster centres k (the default is scikit-learn's). 1 scores the distance to the mean vector.</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int ClusterCount { get; set; } = Defaults.ClusterCount;

    /// <summary>k-means++ restarts; the run with the lowest inertia is kept (the default is what scikit-learn's 'auto' means for k-means++).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int InitCount { get; set; } = Defaults.InitCount;

    /// <summary>Lloyd iterations per run at most.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int MaxIterations { get; set; } = Defaults.MaxIterations;

    /// <summary>Standardise every feature with its training mean and standard deviation before clustering.</summary>
    [Parameter]
    public bool Standardize { get; set; } = Defaults.Standardize;

    /// <summary>Random seed of the k-means++ starts; the same seed and data give the same model on any machine.</summary>
    [Parameter]
    public int Seed { get; set; } = Defaults.Seed;

    protected override IDetectorTrainer CreateDetector() =>
        new KMeansDetectorTrainer(Defaults with { ClusterCount = ClusterCount, MaxIterations = MaxIterations, InitCount = InitCount, Standardize = Standardize, Seed = Seed });
}
