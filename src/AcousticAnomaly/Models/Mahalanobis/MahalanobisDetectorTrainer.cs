using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Models.Mahalanobis;

/// <summary>Mahalanobis distance as a detector kind: Score = squared distance to the training location under the
/// (shrunk) training covariance; the threshold comes from the training scores.</summary>
public sealed class MahalanobisDetectorTrainer(MahalanobisOptions options) : IDetectorTrainer
{
    private readonly Dictionary<string, string> _parameters = new() { ["covariance"] = options.Covariance.ToString() };

    public string Algorithm => "Mahalanobis";

    /// <summary>After training also the Ledoit-Wolf "shrinkage".</summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken)
    {
        var model = new MahalanobisTrainer(options).Train(vectors);
        _parameters["shrinkage"] = model.Shrinkage.ToString("R", CultureInfo.InvariantCulture);
        return new Trained(model);
    }

    private sealed class Trained(MahalanobisModel model) : ITrainedDetector
    {
        private readonly MahalanobisScorer _scorer = new(model);

        public ScoreKind ScoreKind => ScoreKind.Distance;

        public double? NaturalThreshold => null;

        public double[] Score(FeatureMatrix vectors) => _scorer.Score(vectors);

        public void Export(string path, ModelMetadata metadata) => MahalanobisOnnxExporter.Export(model, path, metadata);
    }
}
