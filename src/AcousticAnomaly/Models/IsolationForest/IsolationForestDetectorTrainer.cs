using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>scikit-learn's Isolation Forest as a detector kind: trains with <see cref="IsolationForestTrainer"/>, exports with <see cref="IsolationForestOnnxExporter"/>.</summary>
public sealed class IsolationForestDetectorTrainer(IsolationForestOptions options) : IDetectorTrainer, IFoldScaleSensitive
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

    /// <summary>
    /// Each tree draws min(MaxSamples or 256, rows) vectors and scores are path lengths normalised by c(that count):
    /// fold models that draw fewer than the final model score on another scale, and their held-out scores unshifted would
    /// misplace the threshold (bldc-motor-m1, 4 clips: every new normal clip flagged). Pooled feature sets (one vector per clip)
    /// nearly always have fewer vectors than 256; frame sets rarely do.
    /// </summary>
    public string? FoldScaleMismatch(int allRows, int foldRows)
    {
        int cap = options.MaxSamples ?? 256;
        int final = Math.Min(cap, allRows), fold = Math.Min(cap, foldRows);
        return fold == final ? null
            : $"fold models would draw {fold.ToString(CultureInfo.InvariantCulture)} vectors per tree, the model {final.ToString(CultureInfo.InvariantCulture)}: another score scale";
    }

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
