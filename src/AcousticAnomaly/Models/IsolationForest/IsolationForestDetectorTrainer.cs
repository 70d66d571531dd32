using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>scikit-learn's Isolation Forest as a detector kind: trains with <see cref="IsolationForestTrainer"/>, exports with <see cref="IsolationForestOnnxExporter"/>.</summary>
public sealed class IsolationForestDetectorTrainer(IsolationForestOptions options) : IDetectorTrainer
{
    public string Algorithm => "IsolationForest";

    /// <summary>Gamma, not the forest's own boundary (score 0): that boundary flagged almost nothing on real machine sound (valve: recall 0-0.06).</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["trees"] = options.TreeCount.ToString(CultureInfo.InvariantCulture),
        ["max_samples"] = options.MaxSamples?.ToString(CultureInfo.InvariantCulture) ?? "auto",
        ["contamination"] = options.Contamination?.ToString("R", CultureInfo.InvariantCulture) ?? "auto",
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
    };

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken) =>
        new TrainedIsolationForest(new IsolationForestTrainer(options).Train(vectors, cancellationToken));

    private sealed class TrainedIsolationForest(IsolationForestModel model) : ITrainedDetector
    {
        private readonly IsolationForestScorer _scorer = new(model);

        // The graph's "scores" output is decision_function (negative = anomalous); Score = -decision_function.
        public ScoreKind ScoreKind => ScoreKind.NegatedDecision;

        public double? NaturalThreshold => 0.0;

        public double[] Score(FeatureMatrix vectors)
        {
            var decision = _scorer.DecisionFunction(vectors);
            for (int i = 0; i < decision.Length; i++) decision[i] = -decision[i];
            return decision;
        }

        public void Export(string path, ModelMetadata metadata) => IsolationForestOnnxExporter.Export(model, path, metadata);
    }
}
