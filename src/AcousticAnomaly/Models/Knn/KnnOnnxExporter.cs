using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Knn;

/// <summary>
/// Exports a <see cref="KnnModel"/>: input "X" float [N, D]; output "score" float [N, 1] (ScoreKind Distance).
/// Graph: [Sub mean, Div scale in float, as <see cref="KnnScorer"/>] -> Cast to double -> distances to every bank vector
/// (|z|^2 - 2 z B^T + |b|^2, Max 0, Sqrt) -> TopK smallest k -> either ReduceMax (the k-th distance) or the local
/// outlier factor: Gather the neighbours' k-distances and densities, Max -> reach distances, ReduceMean, Reciprocal,
/// and the neighbours' mean density divided by the vector's own.
/// </summary>
public static class KnnOnnxExporter
{
    public const string InputName = "X";
    public const string ScoreOutput = "score";

    public static OnnxGraphBuilder BuildGraph(KnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        int d = model.FeatureCount, m = model.BankSize;
        var bankT = new double[d * m];
        var bankNorms = new double[m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < d; j++)
            {
                double v = model.Bank[i * d + j];
                bankT[j * m + i] = v;
                bankNorms[i] += v * v;
            }

        var g = new OnnxGraphBuilder("knn", "k-nearest-neighbour memory bank (local outlier factor or k-th distance) exported by AcousticAnomaly.");
        g.AddInput(InputName, OnnxElementType.Float, "N", d);
        var input = InputName;
        if (model.Mean is { } mean)
        {
            g.AddInitializer("mean", OnnxTensor.FromFloat(mean, d));
            g.AddInitializer("scale", OnnxTensor.FromFloat(model.Scale!, d));
            g.AddNode("Sub", [InputName, "mean"], ["centred"]);
            g.AddNode("Div", ["centred", "scale"], ["z"]);
            input = "z";
        }
        g.AddInitializer("bank_t", OnnxTensor.FromDouble(bankT, d, m));
        g.AddInitializer("bank_norms", OnnxTensor.FromDouble(bankNorms, m));
        g.AddInitializer("minus_two", OnnxTensor.FromDouble([-2.0]));
        g.AddInitializer("zero", OnnxTensor.FromDouble([0.0]));
        g.AddInitializer("k", OnnxTensor.FromInt64([model.Neighbors], 1));
        g.AddNode("Cast", [input], ["z64"], OnnxAttribute.Int("to", (long)OnnxElementType.Double));
        g.AddNode("ReduceSumSquare", ["z64"], ["z_norm"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("MatMul", ["z64", "bank_t"], ["dots"]);
        g.AddNode("Mul", ["dots", "minus_two"], ["minus_two_dots"]);
        g.AddNode("Add", ["minus_two_dots", "bank_norms"], ["partial"]);
        g.AddNode("Add", ["partial", "z_norm"], ["squared_raw"]);
        g.AddNode("Max", ["squared_raw", "zero"], ["squared"]);
        g.AddNode("Sqrt", ["squared"], ["distances"]);
        g.AddNode("TopK", ["distances", "k"], ["near_distances", "near_indices"],
            OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("largest", 0), OnnxAttribute.Int("sorted", 1));
        if (!model.DensityNormalized)
        {
            g.AddNode("ReduceMax", ["near_distances"], ["score64"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        }
        else
        {
            g.AddInitializer("k_distance", OnnxTensor.FromDouble(model.KDistance!, m));
            g.AddInitializer("lrd", OnnxTensor.FromDouble(model.Lrd!, m));
            g.AddInitializer("epsilon", OnnxTensor.FromDouble([1e-10]));
            g.AddNode("Gather", ["k_distance", "near_indices"], ["near_k_distance"], OnnxAttribute.Int("axis", 0));
            g.AddNode("Max", ["near_distances", "near_k_distance"], ["reach"]);
            g.AddNode("ReduceMean", ["reach"], ["mean_reach"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
            g.AddNode("Add", ["mean_reach", "epsilon"], ["mean_reach_eps"]);
            g.AddNode("Reciprocal", ["mean_reach_eps"], ["own_lrd"]);
            g.AddNode("Gather", ["lrd", "near_indices"], ["near_lrd"], OnnxAttribute.Int("axis", 0));
            g.AddNode("ReduceMean", ["near_lrd"], ["mean_near_lrd"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
            g.AddNode("Div", ["mean_near_lrd", "own_lrd"], ["score64"]);
        }
        g.AddNode("Cast", ["score64"], [ScoreOutput], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddOutput(ScoreOutput, OnnxElementType.Float, "N", 1);
        return g;
    }

    /// <summary>Writes the model with our metadata record, atomically.</summary>
    public static void Export(KnnModel model, string path, ModelMetadata metadata) =>
        AtomicFile.WriteAllBytes(path, BuildGraph(model).ToModelBytes(new OnnxModelOptions
        {
            Metadata = (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps(),
        }));
}
