using System.Globalization;
using System.Text.RegularExpressions;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models.Mahalanobis;

/// <summary>Mahalanobis distance as a detector kind: Score = squared distance to the training location under the
/// (shrunk) training covariance - with a domain pattern, to the nearest domain's; the threshold comes from the
/// training scores.</summary>
public sealed class MahalanobisDetectorTrainer(MahalanobisOptions options) : IClipAwareDetectorTrainer
{
    /// <summary>The domain of clips a <see cref="MahalanobisOptions.DomainPattern"/> does not match.</summary>
    public const string OtherDomain = "other";

    private readonly Dictionary<string, string> _parameters = new()
    {
        ["covariance"] = options.Covariance.ToString(),
        ["domain_pattern"] = options.DomainPattern ?? "",
    };

    public string Algorithm => "Mahalanobis";

    /// <summary>Squared distances are roughly chi-square, i.e. gamma-shaped: the DCASE 2023 gamma fit suits them.</summary>
    public ThresholdMethod DefaultThresholdMethod => ThresholdMethod.Gamma;

    /// <summary>After training also the Ledoit-Wolf "shrinkage" and the "domains" with their clip counts.</summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    public ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken) =>
        Fitted([("", vectors)]);

    public ITrainedDetector Train(IReadOnlyList<(string Path, FeatureMatrix Vectors)> clips, FeatureMatrix all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (options.DomainPattern is null) return Train(all, cancellationToken);
        var pattern = new Regex(options.DomainPattern, RegexOptions.CultureInvariant);
        var groups = clips.GroupBy(c => DomainOf(pattern, c.Path)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        _parameters["domains"] = string.Join(",", groups.Select(g => $"{g.Key}:{g.Count()}"));
        return Fitted(groups.Select(g => (g.Key, Concatenate(g.Select(c => c.Vectors).ToList()))).ToList());
    }

    /// <summary>The first group of the pattern's match in the file name (or the whole match); <see cref="OtherDomain"/> without one.</summary>
    public static string DomainOf(Regex pattern, string path)
    {
        var m = pattern.Match(Path.GetFileName(path));
        if (!m.Success) return OtherDomain;
        return m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value;
    }

    private Trained Fitted(IReadOnlyList<(string Domain, FeatureMatrix Vectors)> domains)
    {
        var models = domains.Select(d => new MahalanobisTrainer(options).Train(d.Vectors)).ToList();
        _parameters["shrinkage"] = string.Join(",", models.Select(m => m.Shrinkage.ToString("R", CultureInfo.InvariantCulture)));
        return new Trained(models);
    }

    private static FeatureMatrix Concatenate(IReadOnlyList<FeatureMatrix> parts)
    {
        var data = parts.SelectMany(p => p.Data).ToArray();
        return new FeatureMatrix(data, parts[0].Columns);
    }

    private sealed class Trained(IReadOnlyList<MahalanobisModel> models) : ITrainedDetector
    {
        private readonly MahalanobisScorer[] _scorers = models.Select(m => new MahalanobisScorer(m)).ToArray();

        public ScoreKind ScoreKind => ScoreKind.Distance;

        public double? NaturalThreshold => null;

        /// <summary>The nearest domain's distance.</summary>
        public double[] Score(FeatureMatrix vectors)
        {
            var best = _scorers[0].Score(vectors);
            foreach (var scorer in _scorers.Skip(1))
            {
                var s = scorer.Score(vectors);
                for (int i = 0; i < best.Length; i++) best[i] = Math.Min(best[i], s[i]);
            }
            return best;
        }

        public void Export(string path, ModelMetadata metadata) => MahalanobisOnnxExporter.Export(models, path, metadata);
    }
}
