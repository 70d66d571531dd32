using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.Knn;

/// <summary>The k-NN memory bank as a detector kind: Score = local outlier factor (or k-th neighbour distance); the
/// threshold comes from the training scores.</summary>
public sealed class KnnDetectorTrainer(KnnOptions options) : IDetectorTrainer
{
    public string Algorithm => "Knn";

    /// <summary>Outlier factors and distances have no calibrated boundary on clip means: the DCASE 2023 gamma fit.</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["neighbors"] = options.Neighbors.ToString(CultureInfo.InvariantCulture),
        ["density_normalized"] = options.DensityNormalized ? "true" : "false",
        ["standardize"] = options.Standardize ? "true" : "false",
    };

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken) => new Trained(new KnnTrainer(options).Train(vectors));

    private sealed class Trained(KnnModel model) : ITrainedDetector
    {
        private readonly KnnScorer _scorer = new(model);

        public ScoreKind ScoreKind => ScoreKind.Distance;

        public double? NaturalThreshold => null;

        // ModelTrainer scores the training clips with this to fit the threshold. Each training vector is in the bank
        // (distance 0 to itself), so it is scored leave-one-out; new clips (the ONNX graph) see the whole bank.
        public double[] Score(FeatureMatrix vectors) => _scorer.Score(vectors, leaveOneOut: true);

        public void Export(string path, ModelMetadata metadata) => KnnOnnxExporter.Export(model, path, metadata);
    }
}
