using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.OneClassSvm;

/// <summary>
/// scikit-learn's OneClassSVM (RBF) as a detector kind: Score = -decision_function, natural threshold 0 (sklearn's
/// predict rule), exported like skl2onnx with <see cref="OneClassSvmOnnxExporter"/>.
/// </summary>
public sealed class OneClassSvmDetectorTrainer(OneClassSvmOptions options) : IIterativeDetectorTrainer
{
    public string Algorithm => "OneClassSvm";

    /// <summary>Gamma rather than the SVM's boundary: with nu = 0.1 the boundary flags a tenth of normal training sound by construction.</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["nu"] = options.Nu.ToString("R", CultureInfo.InvariantCulture),
        ["gamma"] = options.Gamma?.ToString("R", CultureInfo.InvariantCulture) ?? "scale",
        ["tolerance"] = options.Tolerance.ToString("R", CultureInfo.InvariantCulture),
        ["max_training_vectors"] = options.MaxTrainingVectors.ToString(CultureInfo.InvariantCulture),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
    };

    public IProgress<TrainingIteration>? Iterations { get; set; }

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken) =>
        new TrainedOneClassSvm(new OneClassSvmTrainer(options).Train(vectors, cancellationToken, Iterations), options.MaxDegreeOfParallelism);

    private sealed class TrainedOneClassSvm(OneClassSvmModel model, int? maxDegreeOfParallelism) : ITrainedDetector
    {
        private readonly OneClassSvmScorer _scorer = new(model);

        // The graph's "scores" output is decision_function (negative = anomalous); Score = -decision_function.
        public ScoreKind ScoreKind => ScoreKind.NegatedDecision;

        public double? NaturalThreshold => 0.0;

        public double[] Score(FeatureMatrix vectors)
        {
            var decision = _scorer.DecisionFunction(vectors, maxDegreeOfParallelism);
            for (int i = 0; i < decision.Length; i++) decision[i] = -decision[i];
            return decision;
        }

        public void Export(string path, ModelMetadata metadata) => OneClassSvmOnnxExporter.Export(model, path, metadata);
    }
}
