using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Gmm;

/// <summary>
/// Exports a <see cref="GmmModel"/> with standard ONNX operators: input "X" float [N, D]; output "score" float [N, 1] =
/// the negative log-likelihood (already higher = more anomalous, ScoreKind Distance).
/// Graph (in double, as <see cref="GmmScorer"/>): per component, sum_j (x_j - m_j)^2 / v_j expanded as
/// x^2 . (1/v) - 2 x . (m/v) + sum m^2/v (two MatMuls), then const_k - quad/2, ReduceLogSumExp over components, Neg.
/// </summary>
public static class GmmOnnxExporter
{
    public const string InputName = "X";
    public const string ScoreOutput = "score";
    public const string BatchDimension = "N";

    public static OnnxGraphBuilder BuildGraph(GmmModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        int d = model.FeatureCount, k = model.ComponentCount;
        var precisionT = new double[d * k];
        var meanPrecisionT = new double[d * k];
        var constant = new double[k];
        for (int c = 0; c < k; c++)
        {
            double meanTerm = 0, logDet = 0;
            for (int j = 0; j < d; j++)
            {
                double v = model.Variances[c * d + j], m = model.Means[c * d + j];
                precisionT[j * k + c] = 1 / v;
                meanPrecisionT[j * k + c] = -2 * m / v;
                meanTerm += m * m / v;
                logDet -= 0.5 * Math.Log(v);
            }
            constant[c] = Math.Log(model.Weights[c]) - 0.5 * d * Math.Log(2 * Math.PI) + logDet - 0.5 * meanTerm;
        }

        var g = new OnnxGraphBuilder("gmm", "Diagonal Gaussian mixture (negative log-likelihood) exported by AcousticAnomaly.");
        g.AddInput(InputName, OnnxElementType.Float, BatchDimension, d);
        g.AddInitializer("precision_t", OnnxTensor.FromDouble(precisionT, d, k));
        g.AddInitializer("minus_two_mean_precision_t", OnnxTensor.FromDouble(meanPrecisionT, d, k));
        g.AddInitializer("constant", OnnxTensor.FromDouble(constant, k));
        g.AddInitializer("minus_half", OnnxTensor.FromDouble([-0.5]));
        g.AddNode("Cast", [InputName], ["x64"], OnnxAttribute.Int("to", (long)OnnxElementType.Double));
        g.AddNode("Mul", ["x64", "x64"], ["x_squared"]);
        g.AddNode("MatMul", ["x_squared", "precision_t"], ["quad_a"]);
        g.AddNode("MatMul", ["x64", "minus_two_mean_precision_t"], ["quad_b"]);
        g.AddNode("Add", ["quad_a", "quad_b"], ["quad"]);
        g.AddNode("Mul", ["quad", "minus_half"], ["half_quad"]);
        g.AddNode("Add", ["half_quad", "constant"], ["component_log_density"]);
        g.AddNode("ReduceLogSumExp", ["component_log_density"], ["log_likelihood"], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Neg", ["log_likelihood"], ["score64"]);
        g.AddNode("Cast", ["score64"], [ScoreOutput], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddOutput(ScoreOutput, OnnxElementType.Float, BatchDimension, 1);
        return g;
    }

    public static byte[] ToBytes(GmmModel model, IReadOnlyDictionary<string, string>? metadata = null) =>
        BuildGraph(model).ToModelBytes(new OnnxModelOptions { Metadata = metadata ?? new Dictionary<string, string>() });

    /// <summary>Writes the model with our metadata record, atomically (temporary file, then rename).</summary>
    public static void Export(GmmModel model, string path, ModelMetadata metadata) =>
        AtomicFile.WriteAllBytes(path, ToBytes(model, (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps()));
}
