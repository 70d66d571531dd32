using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Autoencoder;

/// <summary>
/// Exports an <see cref="AutoencoderModel"/> with standard ai.onnx operators only (opset 17), so any ONNX runtime runs it:
/// input "X" float [N, D]; per layer Gemm(x, W, b) then - hidden layers - BatchNormalization (inference: scale = gamma,
/// B = beta, input_mean / input_var = the moving statistics, epsilon) and Relu; the last Gemm is output
/// "reconstruction" float [N, D]. The graph also computes the DCASE score itself: Sub(X, reconstruction), Mul (square),
/// ReduceMean over axis 1 with keepdims (axes is an attribute up to opset 17; opset 18 made it an input) = output
/// "error" float [N, 1], the per-vector mean squared error. The model's ScoreKind is ReconstructionError, and
/// prediction reads "error".
/// </summary>
public static class AutoencoderOnnxExporter
{
    public const string InputName = "X";
    public const string ErrorOutput = "error";
    public const string ReconstructionOutput = "reconstruction";
    public const string BatchDimension = "N";
    public const int Opset = 17;

    /// <param name="model">The network.</param>
    /// <param name="scaling">Per-feature standardisation applied before the network (Sub mean, Div scale); the
    /// reconstruction and the error are then in standardised units, as the network was trained.</param>
    public static OnnxGraphBuilder BuildGraph(AutoencoderModel model, (float[] Mean, float[] Scale)? scaling = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        int d = model.InputLength;
        var g = new OnnxGraphBuilder("dense_autoencoder",
            "DCASE-style dense autoencoder exported by AcousticAnomaly: outputs the reconstruction and its per-vector mean squared error.");
        g.AddInput(InputName, OnnxElementType.Float, BatchDimension, d);
        string input = InputName;
        if (scaling is { } s)
        {
            if (s.Mean.Length != d || s.Scale.Length != d) throw new ArgumentException($"scaling must have {d} values per vector", nameof(scaling));
            g.AddNode("Sub", [InputName, g.AddInitializer("input_mean", s.Mean, d)], ["input_centred"]);
            g.AddNode("Div", ["input_centred", g.AddInitializer("input_scale", s.Scale, d)], ["input_standardized"]);
            input = "input_standardized";
        }
        string current = input;
        for (int l = 0; l < model.Layers.Count; l++)
        {
            var layer = model.Layers[l];
            var w = g.AddInitializer($"dense{l}.kernel", layer.Weights, layer.Inputs, layer.Outputs);
            var b = g.AddInitializer($"dense{l}.bias", layer.Bias, layer.Outputs);
            bool last = l == model.Layers.Count - 1;
            string dense = last ? ReconstructionOutput : $"dense{l}";
            g.AddNode("Gemm", [current, w, b], [dense]);
            current = dense;
            if (layer.BatchNorm is not { } bn) continue;
            var scale = g.AddInitializer($"bn{l}.gamma", bn.Gamma, layer.Outputs);
            var beta = g.AddInitializer($"bn{l}.beta", bn.Beta, layer.Outputs);
            var mean = g.AddInitializer($"bn{l}.moving_mean", bn.MovingMean, layer.Outputs);
            var variance = g.AddInitializer($"bn{l}.moving_variance", bn.MovingVariance, layer.Outputs);
            g.AddNode("BatchNormalization", [current, scale, beta, mean, variance], [$"bn{l}"], OnnxAttribute.Float("epsilon", bn.Epsilon));
            g.AddNode("Relu", [$"bn{l}"], [$"relu{l}"]);
            current = $"relu{l}";
        }
        g.AddNode("Sub", [input, ReconstructionOutput], ["residual"]);
        g.AddNode("Mul", ["residual", "residual"], ["squared_residual"]);
        g.AddNode("ReduceMean", ["squared_residual"], [ErrorOutput], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddOutput(ErrorOutput, OnnxElementType.Float, BatchDimension, 1);
        g.AddOutput(ReconstructionOutput, OnnxElementType.Float, BatchDimension, d);
        return g;
    }

    /// <summary>The model file's bytes, with the caller's metadata_props.</summary>
    public static byte[] ToBytes(AutoencoderModel model, IReadOnlyDictionary<string, string>? metadata = null,
        (float[] Mean, float[] Scale)? scaling = null) =>
        BuildGraph(model, scaling).ToModelBytes(new OnnxModelOptions
        {
            Opsets = new Dictionary<string, long> { [""] = Opset },
            Metadata = metadata ?? new Dictionary<string, string>(),
        });

    /// <summary>Writes the model atomically (temporary file, then rename).</summary>
    public static void Export(AutoencoderModel model, string path, IReadOnlyDictionary<string, string>? metadata = null,
        (float[] Mean, float[] Scale)? scaling = null) =>
        AtomicFile.WriteAllBytes(path, ToBytes(model, metadata, scaling));

    /// <summary>Writes the model with our versioned metadata record (see <see cref="ModelMetadata"/>).</summary>
    public static void Export(AutoencoderModel model, string path, ModelMetadata metadata, (float[] Mean, float[] Scale)? scaling = null) =>
        Export(model, path, (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps(), scaling);
}
