using AcousticAnomaly.Detectors;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// Exports a <see cref="KMeansModel"/> with standard ONNX operators only (no ai.onnx.ml): input "X" float [N, D];
/// outputs "distance" float [N, 1] = Euclidean distance to the nearest centre (already higher = more anomalous, so
/// the model's ScoreKind is Distance) and "label" int64 [N, 1] = that centre's index.
/// Graph: [Sub mean, Div scale] -> squared distances to all centres as |z|^2 - 2 z C^T + |c|^2 (ReduceSumSquare,
/// MatMul, Mul, Add: one GEMM instead of an [N, K, D] difference tensor) -> ReduceMin / ArgMin over centres ->
/// Max 0 (the expansion can round a tiny distance below zero) -> Sqrt.
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
        var centersT = new float[d * k];
        var centerNorms = new float[k];
        for (int c = 0; c < k; c++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++)
            {
                float v = model.Centers[c * d + j];
                centersT[j * k + c] = v;
                norm += (double)v * v;
            }
            centerNorms[c] = (float)norm;
        }

        var g = new OnnxGraphBuilder("kmeans", "k-means distance detector exported by AcousticAnomaly.");
        g.AddInput(InputName, OnnxElementType.Float, BatchDimension, d);
        var z = InputName;
        if (model.Mean is { } mean)
        {
            g.AddInitializer("mean", mean, d);
            g.AddInitializer("scale", model.Scale!, d);
            g.AddNode("Sub", [InputName, "mean"], ["centred"]);
            g.AddNode("Div", ["centred", "scale"], ["z"]);
            z = "z";
        }
        g.AddInitializer("centers_t", centersT, d, k);
        g.AddInitializer("center_norms", centerNorms, k);
        g.AddInitializer("minus_two", [-2f]);
        g.AddInitializer("zero", [0f]);
        g.AddNode("ReduceSumSquare", [z], ["z_norm"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("MatMul", [z, "centers_t"], ["dots"]);
        g.AddNode("Mul", ["dots", "minus_two"], ["minus_two_dots"]);
        g.AddNode("Add", ["minus_two_dots", "center_norms"], ["partial"]);
        g.AddNode("Add", ["partial", "z_norm"], ["squared_distances"]);
        g.AddNode("ReduceMin", ["squared_distances"], ["nearest_squared_raw"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Max", ["nearest_squared_raw", "zero"], ["nearest_squared"]);
        g.AddNode("Sqrt", ["nearest_squared"], [DistanceOutput]);
        g.AddNode("ArgMin", ["squared_distances"], [LabelOutput], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
        g.AddOutput(DistanceOutput, OnnxElementType.Float, BatchDimension, 1);
        g.AddOutput(LabelOutput, OnnxElementType.Int64, BatchDimension, 1);
        return g;
    }

    public static byte[] ToBytes(KMeansModel model, IReadOnlyDictionary<string, string>? metadata = null) =>
        BuildGraph(model).ToModelBytes(new OnnxModelOptions { Metadata = metadata ?? new Dictionary<string, string>() });

    /// <summary>Writes the model atomically (temporary file, then rename).</summary>
    public static void Export(KMeansModel model, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.WriteAllBytes(path, ToBytes(model, metadata));

    /// <summary>Writes the model with our versioned metadata record (see <see cref="ModelMetadata"/>).</summary>
    public static void Export(KMeansModel model, string path, ModelMetadata metadata) =>
        Export(model, path, (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps());
}
