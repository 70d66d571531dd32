using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.KMeans;

/// <summary>
/// Exports a <see cref="KMeansModel"/> with standard ONNX operators only (no ai.onnx.ml): input "X" float [N, D];
/// outputs "distance" float [N, 1] = Euclidean distance to the nearest centre (already higher = more anomalous, so
/// the model's ScoreKind is Distance) and "label" int64 [N, 1] = that centre's index.
/// Graph: Cast to double -> [Sub mean, Div scale] -> squared distances to all centres as |z|^2 - 2 z C^T + |c|^2
/// (ReduceSumSquare, MatMul, Mul, Add: one GEMM instead of an [N, K, D] difference tensor) -> ReduceMin / ArgMin
/// over centres -> Max 0 (the expansion can round a tiny distance below zero) -> Sqrt -> Cast to float.
/// Why double: the expansion subtracts numbers of the size of |z|^2 to get |z - c|^2; in float, with unstandardised
/// features (MFCC c0 is in the hundreds) a vector sitting on a centre came out at distance 0.1 instead of 0. In double
/// the graph agrees with <see cref="KMeansScorer"/> to ~1e-7, and k x D multiply-adds per vector stay cheap.
/// </summary>
public static class KMeansOnnxExporter
{
    public const string InputName = "X";
    public const string DistanceOutput = "distance";
    public const string LabelOutput = "label";
    public const string BatchDimension = "N";

    public static OnnxGraphBuilder BuildGraph(KMeansModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        int d = model.FeatureCount, k = model.ClusterCount;
        var centersT = new double[d * k];
        var centerNorms = new double[k];
        for (int c = 0; c < k; c++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++)
            {
                float v = model.Centers[c * d + j];
                centersT[j * k + c] = v;
                norm += (double)v * v;
            }
            centerNorms[c] = norm;
        }

        var g = new OnnxGraphBuilder("kmeans", "k-means distance detector exported by AcousticAnomaly.");
        g.AddInput(InputName, OnnxElementType.Float, BatchDimension, d);
        g.AddNode("Cast", [InputName], ["x64"], OnnxAttribute.Int("to", (long)OnnxElementType.Double));
        var z = "x64";
        if (model.Mean is { } mean)
        {
            g.AddInitializer("mean", Double(Array.ConvertAll(mean, v => (double)v), d));
            g.AddInitializer("scale", Double(Array.ConvertAll(model.Scale!, v => (double)v), d));
            g.AddNode("Sub", ["x64", "mean"], ["centred"]);
            g.AddNode("Div", ["centred", "scale"], ["z"]);
            z = "z";
        }
        g.AddInitializer("centers_t", Double(centersT, d, k));
        g.AddInitializer("center_norms", Double(centerNorms, k));
        g.AddInitializer("minus_two", Double([-2.0]));
        g.AddInitializer("zero", Double([0.0]));
        g.AddNode("ReduceSumSquare", [z], ["z_norm"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("MatMul", [z, "centers_t"], ["dots"]);
        g.AddNode("Mul", ["dots", "minus_two"], ["minus_two_dots"]);
        g.AddNode("Add", ["minus_two_dots", "center_norms"], ["partial"]);
        g.AddNode("Add", ["partial", "z_norm"], ["squared_distances"]);
        g.AddNode("ReduceMin", ["squared_distances"], ["nearest_squared_raw"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Max", ["nearest_squared_raw", "zero"], ["nearest_squared"]);
        g.AddNode("Sqrt", ["nearest_squared"], ["distance64"]);
        g.AddNode("Cast", ["distance64"], [DistanceOutput], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddNode("ArgMin", ["squared_distances"], [LabelOutput], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
        g.AddOutput(DistanceOutput, OnnxElementType.Float, BatchDimension, 1);
        g.AddOutput(LabelOutput, OnnxElementType.Int64, BatchDimension, 1);
        return g;
    }

    private static OnnxTensor Double(double[] values, params long[] dims) => OnnxTensor.FromDouble(values, dims);

    public static byte[] ToBytes(KMeansModel model, IReadOnlyDictionary<string, string>? metadata = null) =>
        BuildGraph(model).ToModelBytes(new OnnxModelOptions { Metadata = metadata ?? new Dictionary<string, string>() });

    /// <summary>Writes the model atomically (temporary file, then rename).</summary>
    public static void Export(KMeansModel model, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.WriteAllBytes(path, ToBytes(model, metadata));

    /// <summary>Writes the model with our versioned metadata record (see <see cref="ModelMetadata"/>).</summary>
    public static void Export(KMeansModel model, string path, ModelMetadata metadata) =>
        Export(model, path, (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps());
}
