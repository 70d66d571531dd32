using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Ensemble;

/// <summary>
/// A score ensemble as a detector kind: every member trained on all clips, and cross-fitted on the clips to get
/// held-out scores whose mean and standard deviation z-normalise it (in-sample scores would not do: a GMM's sit orders
/// of magnitude below any new clip's). Score = weighted mean of the members' z-scores; exported as one ONNX graph.
/// </summary>
public sealed class EnsembleDetectorTrainer(EnsembleOptions options) : IClipAwareDetectorTrainer
{
    private readonly Dictionary<string, string> _parameters = new()
    {
        ["members"] = string.Join(",", options.MemberList),
        ["weights"] = string.Join(",", options.NormalizedWeights().Select(w => w.ToString("R", CultureInfo.InvariantCulture))),
        ["folds"] = options.Folds.ToString(CultureInfo.InvariantCulture),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
    };

    public string Algorithm => "Ensemble";

    /// <summary>Z-normalised member scores have no natural boundary: the DCASE 2023 gamma fit of the training clips' scores.</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    /// <summary>After training also each member's normalisation ("means", "stds").</summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    /// <summary>Without clip boundaries every vector counts as a clip.</summary>
    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var rows = Enumerable.Range(0, vectors.Rows)
            .Select(r => ("", new FeatureMatrix(vectors.Data.AsSpan(r * vectors.Columns, vectors.Columns).ToArray(), vectors.Columns))).ToList();
        return Train(rows, vectors, cancellationToken);
    }

    public ITrainedDetector Train(IReadOnlyList<(string Path, FeatureMatrix Vectors)> clips, FeatureMatrix all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        options.Validate();
        if (clips.Count < 2) throw new ArgumentException($"an ensemble needs at least 2 training clips to normalise its members' scores (got {clips.Count})");
        var weights = options.NormalizedWeights();
        var members = new List<ITrainedDetector>();
        var means = new double[weights.Length];
        var stds = new double[weights.Length];
        var heldOut = new double[clips.Count];
        for (int m = 0; m < weights.Length; m++)
        {
            var trainer = EnsembleMembers.Create(options.MemberList[m], options.Seed);
            members.Add(HeldOutScores.Fit(trainer, clips, cancellationToken));
            double[] scores;
            try
            {
                // A member whose fold models score on another scale (a forest on few vectors) has them shifted onto its own.
                scores = HeldOutScores.Compute(trainer, clips, options.Folds, cancellationToken, null,
                    HeldOutScores.FoldScaleMismatch(trainer, clips, options.Folds) is null ? null : members[m]);
            }
            catch (ArgumentException e)
            {
                // Without held-out scores the member cannot be normalised; in-sample ones would put it on another scale.
                throw new ArgumentException($"ensemble member {options.MemberList[m]} cannot train without a fold of the {clips.Count} clips " +
                    $"(give more clips or drop the member): {e.Message}", e);
            }
            means[m] = scores.Average();
            double sd = Math.Sqrt(scores.Sum(s => (s - means[m]) * (s - means[m])) / scores.Length);
            stds[m] = sd > 0 && double.IsFinite(sd) ? sd : 1; // equal held-out scores: centre only
            for (int c = 0; c < clips.Count; c++) heldOut[c] += weights[m] * (scores[c] - means[m]) / stds[m];
        }
        _parameters["means"] = string.Join(",", means.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        _parameters["stds"] = string.Join(",", stds.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return new TrainedEnsemble(members, weights, means, stds, heldOut);
    }

    private sealed class TrainedEnsemble(IReadOnlyList<ITrainedDetector> members, double[] weights, double[] means, double[] stds,
        double[] heldOut) : ITrainedDetector, IHeldOutScored
    {
        public ScoreKind ScoreKind => ScoreKind.Distance;

        public double? NaturalThreshold => null;

        public IReadOnlyList<double> HeldOutClipScores => heldOut;

        public double[] Score(FeatureMatrix vectors)
        {
            var result = new double[vectors.Rows];
            for (int m = 0; m < members.Count; m++)
            {
                var s = members[m].Score(vectors);
                for (int r = 0; r < s.Length; r++) result[r] += weights[m] * (s[r] - means[m]) / stds[m];
            }
            return result;
        }

        public void Export(string path, ModelMetadata metadata) => EnsembleOnnxExporter.Export(members, weights, means, stds, path, metadata);
    }
}
