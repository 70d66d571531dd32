using System.Management.Automation;
using AcousticAnomaly.Models.Ensemble;
using AcousticAnomaly.Training;
using AcousticAnomaly.Models;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a score ensemble of several detectors on recordings of normal machine sound and saves it as one ONNX model.</summary>
/// <remarks>
/// Each -Detector family is trained on all clips with its own defaults, and also cross-fitted (-Folds) so every training
/// clip gets a score from a model that did not see it. Those held-out scores' mean and standard deviation z-normalise the
/// member, so members on different scales (a GMM's log-likelihoods, a k-NN's outlier factors) count alike; the Score is
/// their weighted mean (-Weight, equal by default). The members' graphs, the normalisation and the combination are one
/// .onnx file, and the threshold (DCASE gamma fit, 0.9) comes from the ensemble's held-out training scores.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-AnomalyEnsembleModel -OutputPath models/valve-ensemble.onnx</code>
/// <para>k-NN, GMM and Mahalanobis on TWFR-pooled log-mel, averaged.</para>
/// </example>
/// <example>
/// <code>New-AnomalyEnsembleModel normal/*.flac -OutputPath fan.onnx -Detector Knn,Gmm -Weight 2,1</code>
/// <para>Two members, the k-NN counting twice.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "AnomalyEnsembleModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewAnomalyEnsembleModelCommand : TrainingCmdlet
{
    private static readonly EnsembleOptions Defaults = new();

    /// <summary>TWFR pooling by default, the members' own default.</summary>
    public NewAnomalyEnsembleModelCommand() => FeatureSet = EnsembleOptions.RecommendedFeatureSet;

    /// <summary>The member families (default Knn, Gmm, Mahalanobis).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public EnsembleMember[] Detector { get; set; } = Defaults.MemberList.ToArray();

    /// <summary>One weight per member (normalised to sum 1); default equal.</summary>
    [Parameter]
    public double[]? Weight { get; set; }

    /// <summary>Folds of the cross-fitting that gives the members' held-out scores (default 5).</summary>
    [Parameter]
    [ValidateRange(2, 1000)]
    public int Folds { get; set; } = Defaults.Folds;

    /// <summary>Seed of the members that draw random numbers (GMM start, k-means, forest).</summary>
    [Parameter]
    public int Seed { get; set; } = Defaults.Seed;

    protected override IDetectorTrainer CreateDetector()
    {
        var options = new EnsembleOptions(Detector, Weight, Folds, Seed);
        options.Validate();
        return new EnsembleDetectorTrainer(options);
    }
}
