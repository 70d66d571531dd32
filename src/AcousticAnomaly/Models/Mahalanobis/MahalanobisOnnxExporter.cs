using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Mahalanobis;

/// <summary>
/// Exports a <see cref="MahalanobisModel"/>: input "X" float [N, D]; output "score" float [N, 1] = squared Mahalanobis
/// distance (ScoreKind Distance). Graph in double: Sub location, MatMul precision, Mul by the centred input, ReduceSum;
/// with one statistic per domain, one such branch per domain and Min over them (the nearest domain).
/// </summary>
public static class MahalanobisOnnxExporter
{
    public const string InputName = "X";
    public const string ScoreOutput = "score";

    public static OnnxGraphBuilder BuildGraph(MahalanobisModel model) => BuildGraph([model]);

    public static OnnxGraphBuilder BuildGraph(IReadOnlyList<MahalanobisModel> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        if (domains.Count == 0) throw new ArgumentException("At least one domain is needed.", nameof(domains));
        foreach (var m in domains) m.Validate();
        int d = domains[0].FeatureCount;
        if (domains.Any(m => m.FeatureCount != d)) throw new ArgumentException("Every domain must have the same feature count.", nameof(domains));
        var g = new OnnxGraphBuilder("mahalanobis", "Squared Mahalanobis distance (nearest domain) exported by AcousticAnomaly.");
        g.AddInput(InputName, OnnxElementType.Float, "N", d);
        g.AddNode("Cast", [InputName], ["x64"], OnnxAttribute.Int("to", (long)OnnxElementType.Double));
        g.AddInitializer("axes", OnnxTensor.FromInt64([1], 1));
        var branches = new List<string>();
        for (int i = 0; i < domains.Count; i++)
        {
            var p = domains.Count == 1 ? "" : $"_{i}";
            g.AddInitializer("location" + p, OnnxTensor.FromDouble(domains[i].Location, d));
            g.AddInitializer("precision" + p, OnnxTensor.FromDouble(domains[i].Precision, d, d));
            g.AddNode("Sub", ["x64", "location" + p], ["centred" + p]);
            g.AddNode("MatMul", ["centred" + p, "precision" + p], ["projected" + p]);
            g.AddNode("Mul", ["projected" + p, "centred" + p], ["terms" + p]);
            g.AddNode("ReduceSum", ["terms" + p, "axes"], ["score64" + p], OnnxAttribute.Int("keepdims", 1));
            branches.Add("score64" + p);
        }
        if (branches.Count > 1) g.AddNode("Min", branches, ["score64"]);
        g.AddNode("Cast", ["score64"], [ScoreOutput], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddOutput(ScoreOutput, OnnxElementType.Float, "N", 1);
        return g;
    }

    /// <summary>Writes the model with our metadata record, atomically.</summary>
    public static void Export(MahalanobisModel model, string path, ModelMetadata metadata) => Export([model], path, metadata);

    /// <summary>Writes a model of one statistic per domain (scored by the nearest) with our metadata record, atomically.</summary>
    public static void Export(IReadOnlyList<MahalanobisModel> domains, string path, ModelMetadata metadata) =>
        AtomicFile.WriteAllBytes(path, BuildGraph(domains).ToModelBytes(new OnnxModelOptions
        {
            Metadata = (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps(),
        }));
}
