using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>
/// Exports an <see cref="IsolationForestModel"/> with the same interface as skl2onnx's IsolationForest converter, so a
/// forest trained here and one trained in scikit-learn are scored the same way:
/// input "X" float [N, D]; outputs "label" int64 [N, 1] (-1 anomaly, 1 normal) and "scores" float [N, 1] =
/// decision_function = score_samples - offset, score_samples = -2^(-mean path length / c(max_samples)).
/// Graph: one ai.onnx.ml TreeEnsembleRegressor over all trees whose leaves hold depth + c(leaf samples), summed
/// (so its output is the total path length), then Div by n_trees * c(max_samples), Neg, Pow(2, .), Neg, Sub offset,
/// Less 0 and Where for the label.
/// </summary>
public static class IsolationForestOnnxExporter
{
    public const string InputName = "X";
    public const string LabelOutput = "label";
    public const string ScoresOutput = "scores";
    public const string BatchDimension = "N";

    /// <summary>Builds the graph; see the class summary. Throws ArgumentException for an inconsistent model.</summary>
    public static OnnxGraphBuilder BuildGraph(IsolationForestModel model)
    {
        Validate(model);
        var nodesTree = new List<long>(); var nodesId = new List<long>(); var nodesFeature = new List<long>();
        var nodesValue = new List<float>(); var nodesMode = new List<string>(); var nodesTrue = new List<long>(); var nodesFalse = new List<long>();
        var targetTree = new List<long>(); var targetNode = new List<long>(); var targetWeight = new List<float>();

        for (var t = 0; t < model.Trees.Count; t++)
        {
            var tree = model.Trees[t];
            for (var n = 0; n < tree.NodeCount; n++)
            {
                nodesTree.Add(t);
                nodesId.Add(n);
                if (tree.IsLeaf(n))
                {
                    // Leaves carry feature 0, value 0 and child ids 0 by convention (skl2onnx does the same).
                    nodesFeature.Add(0); nodesValue.Add(0f); nodesMode.Add("LEAF"); nodesTrue.Add(0); nodesFalse.Add(0);
                    targetTree.Add(t);
                    targetNode.Add(n);
                    targetWeight.Add((float)(tree.Depth[n] + AveragePathLength(tree.NodeSamples[n])));
                }
                else
                {
                    // BRANCH_LEQ: the "true" branch is taken when x <= threshold, which is sklearn's left child.
                    nodesFeature.Add(tree.Feature[n]); nodesValue.Add(tree.Threshold[n]); nodesMode.Add("BRANCH_LEQ");
                    nodesTrue.Add(tree.Left[n]); nodesFalse.Add(tree.Right[n]);
                }
            }
        }

        var g = new OnnxGraphBuilder("isolation_forest", "Isolation Forest exported by AcousticAnomaly (scikit-learn semantics).");
        g.AddInput(InputName, OnnxElementType.Float, BatchDimension, model.FeatureCount);
        g.AddNode("TreeEnsembleRegressor", "ai.onnx.ml", [InputName], ["path_length_sum"],
            OnnxAttribute.String("aggregate_function", "SUM"),
            OnnxAttribute.Int("n_targets", 1),
            OnnxAttribute.String("post_transform", "NONE"),
            OnnxAttribute.Ints("nodes_treeids", nodesTree.ToArray()),
            OnnxAttribute.Ints("nodes_nodeids", nodesId.ToArray()),
            OnnxAttribute.Ints("nodes_featureids", nodesFeature.ToArray()),
            OnnxAttribute.Floats("nodes_values", nodesValue.ToArray()),
            OnnxAttribute.Strings("nodes_modes", nodesMode),
            OnnxAttribute.Ints("nodes_truenodeids", nodesTrue.ToArray()),
            OnnxAttribute.Ints("nodes_falsenodeids", nodesFalse.ToArray()),
            OnnxAttribute.Ints("target_treeids", targetTree.ToArray()),
            OnnxAttribute.Ints("target_nodeids", targetNode.ToArray()),
            OnnxAttribute.Ints("target_ids", new long[targetTree.Count]),
            OnnxAttribute.Floats("target_weights", targetWeight.ToArray()));

        var denominator = model.Trees.Count * AveragePathLength(model.MaxSamples);
        g.AddInitializer("path_length_norm", [(float)denominator]);
        g.AddInitializer("two", [2f]);
        g.AddInitializer("offset", [(float)model.Offset]);
        g.AddInitializer("zero", [0f]);
        g.AddInitializer("label_anomaly", [-1L]);
        g.AddInitializer("label_normal", [1L]);
        g.AddNode("Div", ["path_length_sum", "path_length_norm"], ["mean_path_ratio"]);
        g.AddNode("Neg", ["mean_path_ratio"], ["neg_ratio"]);
        g.AddNode("Pow", ["two", "neg_ratio"], ["two_pow"]);
        g.AddNode("Neg", ["two_pow"], ["score_samples"]);
        g.AddNode("Sub", ["score_samples", "offset"], [ScoresOutput]);
        g.AddNode("Less", [ScoresOutput, "zero"], ["is_anomaly"]);
        g.AddNode("Where", ["is_anomaly", "label_anomaly", "label_normal"], [LabelOutput]);
        g.AddOutput(LabelOutput, OnnxElementType.Int64, BatchDimension, 1);
        g.AddOutput(ScoresOutput, OnnxElementType.Float, BatchDimension, 1);
        return g;
    }

    /// <summary>The model file's bytes, with the caller's metadata_props.</summary>
    public static byte[] ToBytes(IsolationForestModel model, IReadOnlyDictionary<string, string>? metadata = null) =>
        BuildGraph(model).ToModelBytes(new OnnxModelOptions { Metadata = metadata ?? new Dictionary<string, string>() });

    /// <summary>Writes the model atomically (temporary file, then rename).</summary>
    public static void Export(IsolationForestModel model, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.WriteAllBytes(path, ToBytes(model, metadata));

    /// <summary>Writes the model with our versioned metadata record (see <see cref="ModelMetadata"/>).</summary>
    public static void Export(IsolationForestModel model, string path, ModelMetadata metadata) =>
        Export(model, path, (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps());

    /// <summary>c(n): the average path length of an unsuccessful BST search over n points, as scikit-learn defines it.</summary>
    internal static double AveragePathLength(int n) => n switch
    {
        <= 1 => 0.0,
        2 => 1.0,
        _ => 2.0 * (Math.Log(n - 1.0) + 0.5772156649015329) - 2.0 * (n - 1.0) / n,
    };

    private static void Validate(IsolationForestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Trees.Count == 0) throw new ArgumentException("The forest has no trees.", nameof(model));
        if (model.FeatureCount <= 0) throw new ArgumentException("FeatureCount must be > 0.", nameof(model));
        // c(1) = 0 would make the normalisation a division by zero; a forest grown on one sample isolates nothing.
        if (model.MaxSamples < 2) throw new ArgumentException($"MaxSamples must be >= 2, got {model.MaxSamples}.", nameof(model));
        if (!double.IsFinite(model.Offset)) throw new ArgumentException("Offset must be finite.", nameof(model));
        for (var t = 0; t < model.Trees.Count; t++)
        {
            var tree = model.Trees[t];
            var n = tree.NodeCount;
            if (n == 0 || tree.Right.Length != n || tree.Feature.Length != n || tree.Threshold.Length != n || tree.NodeSamples.Length != n || tree.Depth.Length != n)
                throw new ArgumentException($"Tree {t}: node arrays are empty or of different lengths.", nameof(model));
            for (var i = 0; i < n; i++)
            {
                if (tree.IsLeaf(i))
                {
                    if (tree.Right[i] >= 0) throw new ArgumentException($"Tree {t} node {i}: Left is -1 but Right is {tree.Right[i]}.", nameof(model));
                    if (tree.Depth[i] < 0 || tree.NodeSamples[i] < 0) throw new ArgumentException($"Tree {t} leaf {i}: negative depth or sample count.", nameof(model));
                    continue;
                }
                if (tree.Left[i] >= n || tree.Right[i] < 0 || tree.Right[i] >= n || tree.Left[i] == i || tree.Right[i] == i)
                    throw new ArgumentException($"Tree {t} node {i}: child index out of range.", nameof(model));
                if (tree.Feature[i] < 0 || tree.Feature[i] >= model.FeatureCount)
                    throw new ArgumentException($"Tree {t} node {i}: feature {tree.Feature[i]} outside 0..{model.FeatureCount - 1}.", nameof(model));
                if (float.IsNaN(tree.Threshold[i])) throw new ArgumentException($"Tree {t} node {i}: threshold is NaN.", nameof(model));
            }
        }
    }
}
