using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Gmm;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a Gaussian mixture detector (TWFR-GMM) on recordings of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// By default each clip becomes one vector of TWFR-pooled log-mel (-FeatureSet LogMelTwfr: per mel band, the frames
/// sorted from loudest down and averaged with weights 0.5^k - Guan et al., DCASE 2022), a diagonal Gaussian mixture is
/// fitted to them by expectation-maximisation (as scikit-learn's GaussianMixture), with the number of components
/// (1 to -MaxComponents) chosen by the Bayesian information criterion on the training clips unless -Components fixes
/// it. Score = negative log-likelihood: sound unlikely under every component is anomalous. The clip threshold is a
/// gamma distribution's 0.9 quantile (the DCASE rule) fitted to held-out training scores (-ThresholdFolds). The .onnx file holds the
/// mixture, the feature settings, the threshold and its rule; its float output "score" is the Score. This is the
/// recommended detector for a new machine (docs/benchmarks.md: the best AUC, pAUC and stored-threshold F1 on the DCASE
/// valve set); New-KnnModel is the deterministic alternative.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-GmmModel -OutputPath models/valve-gmm.onnx</code>
/// <para>Trains TWFR-GMM on every WAV in normal/ with the component count chosen by BIC.</para>
/// </example>
/// <example>
/// <code>New-GmmModel normal/*.flac -OutputPath fan.onnx -Components 2 -FeatureSet LogMelStats</code>
/// <para>Two components on per-band mean and standard deviation instead.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "GmmModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewGmmModelCommand : TrainingCmdlet
{
    private static readonly GmmOptions Defaults = new();

    /// <summary>TWFR pooling is what the mixture is meant for; other feature sets remain available.</summary>
    public NewGmmModelCommand() => FeatureSet = GmmOptions.RecommendedFeatureSet;

    /// <summary>The most components the BIC search tries.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int MaxComponents { get; set; } = Defaults.MaxComponents;

    /// <summary>A fixed number of components instead of the BIC choice.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int? Components { get; set; }

    /// <summary>Added to every variance, so a component on a few near-identical clips stays usable.</summary>
    [Parameter]
    [ValidateRange(0.0, 1e6)]
    public double RegCovar { get; set; } = Defaults.RegCovar;

    /// <summary>Seed of the k-means initialisation; the same seed and data give the same model.</summary>
    [Parameter]
    public int Seed { get; set; } = Defaults.Seed;

    /// <summary>Mixtures fitted from this many k-means starts and averaged into one (their densities' mean): steadier
    /// and on the valve set more accurate than one fit. 1 = a single fit, as scikit-learn's GaussianMixture.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int Restarts { get; set; } = Defaults.Restarts;

    protected override IDetectorTrainer CreateDetector() =>
        new GmmDetectorTrainer(Defaults with { MaxComponents = MaxComponents, Components = Components, RegCovar = RegCovar, Seed = Seed, Restarts = Restarts });
}
