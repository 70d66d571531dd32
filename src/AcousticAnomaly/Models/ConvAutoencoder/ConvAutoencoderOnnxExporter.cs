using AcousticAnomaly.IO;
using AcousticAnomaly.Models.Autoencoder;
using AcousticAnomaly.Models.Neural;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.ConvAutoencoder;

/// <summary>
/// Writes a <see cref="ConvAutoencoderModel"/> with standard ai.onnx operators (opset 17): input "X" float [N, F*M]
/// (stacked log-mel frames); Sub minimum, Div range ([0, 1]); Reshape to [N, F, M] and Transpose to ONNX's [N, M, F]
/// (bands are the channels); 1-D Conv with zero padding, Relu, Sigmoid; back to [N, F*M] as "reconstruction"; the
/// per-block mean squared error against the normalised input as "error" [N, 1] (ScoreKind ReconstructionError).
/// LSTM layers (the LSTM autoencoder) become the LSTM operator on [T, N, I] (ONNX Runtime runs only layout 0), its
/// output [T, 1, N, H] squeezed; Transposes move between the layouts each operator wants.
/// </summary>
public static class ConvAutoencoderOnnxExporter
{
    public const int Opset = 17;

    public static OnnxGraphBuilder BuildGraph(ConvAutoencoderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int d = model.InputLength;
        var g = new OnnxGraphBuilder("conv_autoencoder",
            "Convolutional autoencoder on log-mel blocks exported by AcousticAnomaly: the reconstruction and its per-block mean squared error.");
        g.AddInput(AutoencoderOnnxExporter.InputName, OnnxElementType.Float, AutoencoderOnnxExporter.BatchDimension, d);
        g.AddNode("Sub", [AutoencoderOnnxExporter.InputName, g.AddInitializer("input_minimum", [model.Minimum], 1)], ["shifted"]);
        g.AddNode("Div", ["shifted", g.AddInitializer("input_range", [model.Maximum - model.Minimum], 1)], ["normalised"]);
        g.AddNode("Reshape", ["normalised", g.AddInitializer("block_shape", new long[] { -1, model.Frames, model.MelBands }, 3)], ["nlc"]);
        string current = "nlc", layout = "NLC";
        var layers = model.Network.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            string name = $"layer{i}";
            switch (layers[i])
            {
                case LstmLayer lstm:
                    current = Relayout(g, current, ref layout, "LNC", i);
                    g.AddNode("LSTM", [current, g.AddInitializer($"lstm{i}.W", OnnxGates(lstm.WeightIh.Value, lstm.Inputs, lstm.Hidden), 1, 4 * lstm.Hidden, lstm.Inputs),
                        g.AddInitializer($"lstm{i}.R", OnnxGates(lstm.WeightHh.Value, lstm.Hidden, lstm.Hidden), 1, 4 * lstm.Hidden, lstm.Hidden),
                        g.AddInitializer($"lstm{i}.B", [.. OnnxGates(lstm.BiasIh.Value, 1, lstm.Hidden), .. OnnxGates(lstm.BiasHh.Value, 1, lstm.Hidden)], 1, 8 * lstm.Hidden)],
                        [$"layer{i}_y"], OnnxAttribute.Int("hidden_size", lstm.Hidden));
                    g.AddNode("Squeeze", [$"layer{i}_y", g.AddInitializer($"layer{i}_axes", new long[] { 1 }, 1)], [name]);
                    break;
                case Conv2dLayer conv:
                    current = Relayout(g, current, ref layout, "NCL", i);
                    g.AddNode("Conv", [current, g.AddInitializer($"conv{i}.weight", OnnxKernel(conv), conv.OutChannels, conv.InChannels, conv.KernelHeight),
                        g.AddInitializer($"conv{i}.bias", conv.Bias.Value, conv.OutChannels)], [name],
                        OnnxAttribute.Ints("kernel_shape", [conv.KernelHeight]),
                        OnnxAttribute.Ints("pads", [conv.PadHeight, conv.PadHeight]));
                    break;
                case ReluLayer:
                    g.AddNode("Relu", [current], [name]);
                    break;
                case SigmoidLayer:
                    g.AddNode("Sigmoid", [current], [name]);
                    break;
                default:
                    throw new NotSupportedException($"No ONNX export for layer {layers[i].GetType().Name} in a convolutional autoencoder.");
            }
            current = name;
        }
        current = Relayout(g, current, ref layout, "NLC", layers.Count);
        g.AddNode("Flatten", [current], [AutoencoderOnnxExporter.ReconstructionOutput], OnnxAttribute.Int("axis", 1));
        g.AddNode("Sub", ["normalised", AutoencoderOnnxExporter.ReconstructionOutput], ["residual"]);
        g.AddNode("Mul", ["residual", "residual"], ["squared_residual"]);
        g.AddNode("ReduceMean", ["squared_residual"], [AutoencoderOnnxExporter.ErrorOutput], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddOutput(AutoencoderOnnxExporter.ErrorOutput, OnnxElementType.Float, AutoencoderOnnxExporter.BatchDimension, 1);
        g.AddOutput(AutoencoderOnnxExporter.ReconstructionOutput, OnnxElementType.Float, AutoencoderOnnxExporter.BatchDimension, d);
        return g;
    }

    /// <summary>A Transpose from one axis order (N batch, L frames, C features) to another, when they differ.</summary>
    private static string Relayout(OnnxGraphBuilder g, string current, ref string layout, string wanted, int index)
    {
        if (layout == wanted) return current;
        var from = layout;
        long[] perm = wanted.Select(axis => (long)from.IndexOf(axis)).ToArray();
        string name = $"to_{wanted.ToLowerInvariant()}{index}";
        g.AddNode("Transpose", [current], [name], OnnxAttribute.Ints("perm", perm));
        layout = wanted;
        return name;
    }

    /// <summary>Our kernel [rows][4 hidden] with PyTorch's gates (i, f, g, o) as ONNX's [4 hidden][rows] with (i, o, f, c).</summary>
    private static float[] OnnxGates(float[] w, int rows, int hidden)
    {
        int[] torchGate = [0, 3, 1, 2];
        var result = new float[w.Length];
        for (int gate = 0; gate < 4; gate++)
            for (int k = 0; k < hidden; k++)
                for (int r = 0; r < rows; r++)
                    result[(gate * hidden + k) * rows + r] = w[r * 4 * hidden + torchGate[gate] * hidden + k];
        return result;
    }

    /// <summary>Our 1-D kernel [k * Cin + c][out] as ONNX's [out][c][k].</summary>
    private static float[] OnnxKernel(Conv2dLayer conv)
    {
        int cin = conv.InChannels, cout = conv.OutChannels, kh = conv.KernelHeight;
        var w = conv.Weight.Value;
        var result = new float[w.Length];
        for (int o = 0; o < cout; o++)
            for (int c = 0; c < cin; c++)
                for (int y = 0; y < kh; y++)
                    result[(o * cin + c) * kh + y] = w[(y * cin + c) * cout + o];
        return result;
    }

    public static byte[] ToBytes(ConvAutoencoderModel model, IReadOnlyDictionary<string, string>? metadata = null) =>
        BuildGraph(model).ToModelBytes(new OnnxModelOptions
        {
            Opsets = new Dictionary<string, long> { [""] = Opset },
            Metadata = metadata ?? new Dictionary<string, string>(),
        });

    /// <summary>Writes the model with our metadata record, atomically (temporary file, fsync, rename).</summary>
    public static void Export(ConvAutoencoderModel model, string path, ModelMetadata metadata) =>
        AtomicFile.WriteAllBytes(path, ToBytes(model, (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps()));
}
