using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Mahalanobis;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a Mahalanobis-distance detector on recordings of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// Each clip becomes one vector (TWFR-pooled log-mel by default); the detector keeps their mean and covariance - by
/// default shrunk with Ledoit-Wolf, since a few dozen clips cannot estimate a 128 x 128 covariance - and scores a clip
/// by its squared Mahalanobis distance to the mean (as scikit-learn's LedoitWolf / EmpiricalCovariance mahalanobis()).
/// The clip threshold is the DCASE gamma fit (0.9 quantile) of the training clips' scores; the rule is recorded in
/// the model.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-MahalanobisModel -OutputPath models/valve-mahalanobis.onnx</code>
/// <para>Ledoit-Wolf covariance of TWFR vectors of every WAV in normal/.</para>
/// </example>
/// <example>
/// <code>New-MahalanobisModel normal/*.flac -OutputPath pump.onnx -Covariance Full -FeatureSet MfccStats</code>
/// <para>The plain covariance (pseudo-inverted when singular) of MFCC statistics.</para>
/// </example>
/// <example>
/// <code>New-MahalanobisModel dev/train/*.wav -OutputPath valve.onnx -DomainPattern '_(source|target)_'</code>
/// <para>One statistic for the source clips and one for the few target clips; a clip is scored by the nearer.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MahalanobisModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewMahalanobisModelCommand : TrainingCmdlet
{
    /// <summary>TWFR pooling by default, like New-GmmModel.</summary>
    public NewMahalanobisModelCommand() => FeatureSet = MahalanobisOptions.RecommendedFeatureSet;

    /// <summary>LedoitWolf (default: shrunk towards a scaled identity) or Full (the maximum-likelihood covariance).</summary>
    [Parameter]
    public CovarianceEstimator Covariance { get; set; } = new MahalanobisOptions().Covariance;

    /// <summary>
    /// Domain-aware scoring: a regular expression on the training file names whose first group names the domain (e.g.
    /// '_(source|target)_' for DCASE names); one statistic per domain, and a clip is scored by the nearest.
    /// </summary>
    [Parameter]
    public string? DomainPattern { get; set; }

    protected override IDetectorTrainer CreateDetector() => new MahalanobisDetectorTrainer(new MahalanobisOptions(Covariance, DomainPattern));
}
