using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.KMeans;

/// <summary>
/// k-means as a detector kind: Score = distance to the nearest centre. It has no decision boundary of its own
/// (<see cref="ITrainedDetector.NaturalThreshold"/> is null), so the clip threshold must come from the training scores
/// (New-KMeansModel and `train kmeans` default to the DCASE gamma fit).
/// </summary>
public sealed class KMeansDetectorTrainer(KMeansOptions options) : IIterativeDetectorTrainer
{
    public string Algorithm => "KMeans";

    /// <summary>Distances to the nearest centre have no natural boundary: the DCASE 2023 gamma fit of the training clips' scores.</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["clusters"] = options.ClusterCount.ToString(CultureInfo.InvariantCulture),
        ["max_iterations"] = options.MaxIterations.ToString(CultureInfo.InvariantCulture),
        ["tolerance"] = options.Tolerance.ToString("R", CultureInfo.InvariantCulture),
        ["n_init"] = options.InitCount.ToString(CultureInfo.InvariantCulture),
        ["standardize"] = options.Standardize ? "true" : "false",
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
    };

    public IProgress<TrainingIteration>? Iterations { get; set; }

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken) =>
        new TrainedKMeans(new KMeansTrainer(options).Train(vectors, cancellationToken, Iterations), options.MaxDegreeOfParallelism);

    private sealed class TrainedKMeans(KMeansModel model, int? maxDegreeOfParallelism) : ITrainedDetector
    {
        private readonly KMeansScorer _scorer = new(model);

        public ScoreKind ScoreKind => ScoreKind.Distance;

        public double? NaturalThreshold => null;

        public double[] Score(FeatureMatrix vectors) => _scorer.Score(vectors, maxDegreeOfParallelism).Distance;

        public void Export(string path, ModelMetadata metadata) => KMeansOnnxExporter.Export(model, path, metadata);
    }
}
