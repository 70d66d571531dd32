using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.Gmm;

/// <summary>
/// The Gaussian mixture as a detector kind (TWFR-GMM, Guan et al., DCASE 2022 when trained on LogMelTwfr): Score =
/// negative log-likelihood per vector. No natural boundary: the threshold comes from the training scores.
/// </summary>
public sealed class GmmDetectorTrainer(GmmOptions options) : IIterativeDetectorTrainer
{
    private readonly Dictionary<string, string> _parameters = new()
    {
        ["max_components"] = options.MaxComponents.ToString(CultureInfo.InvariantCulture),
        ["components"] = options.Components?.ToString(CultureInfo.InvariantCulture) ?? "bic",
        ["covariance"] = "diag",
        ["reg_covar"] = options.RegCovar.ToString("R", CultureInfo.InvariantCulture),
        ["max_iterations"] = options.MaxIterations.ToString(CultureInfo.InvariantCulture),
        ["tolerance"] = options.Tolerance.ToString("R", CultureInfo.InvariantCulture),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        ["restarts"] = options.Restarts.ToString(CultureInfo.InvariantCulture),
    };

    public string Algorithm => "Gmm";

    /// <summary>Negative log-likelihoods have no natural boundary: the DCASE 2023 gamma fit of the training clips' scores.</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    /// <summary>After training also the stored mixture's component count ("components": the restarts' together), each
    /// restart's BIC-chosen count ("restart_components", comma-separated) and the stored mixture's BIC.</summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    public IProgress<TrainingIteration>? Iterations { get; set; }

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken)
    {
        var fits = new GmmTrainer(options).TrainRestarts(vectors, cancellationToken, Iterations);
        var model = GmmTrainer.Combine(fits, vectors);
        _parameters["components"] = model.ComponentCount.ToString(CultureInfo.InvariantCulture);
        _parameters["restart_components"] = string.Join(",", fits.Select(f => f.ComponentCount.ToString(CultureInfo.InvariantCulture)));
        _parameters["bic"] = model.Bic.ToString("R", CultureInfo.InvariantCulture);
        return new TrainedGmm(model);
    }

    private sealed class TrainedGmm(GmmModel model) : ITrainedDetector
    {
        private readonly GmmScorer _scorer = new(model);

        public ScoreKind ScoreKind => ScoreKind.Distance;

        public double? NaturalThreshold => null;

        public double[] Score(FeatureMatrix vectors) => _scorer.Score(vectors);

        public void Export(string path, ModelMetadata metadata) => GmmOnnxExporter.Export(model, path, metadata);
    }
}
