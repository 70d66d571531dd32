using AcousticAnomaly.IO;
using AcousticAnomaly.Models.Neural;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.ConvAutoencoder;

/// <summary>
/// Writes a <see cref="ConvAutoencoderModel"/> with standard ai.onnx operators (opset 17): input "X" float [N, F*M]
/// (stacked log-mel frames); Sub minimum, Div range ([0, 1]); Reshape to [N, F, M] and Transpose to ONNX's [N, M, F]
/// (bands are the channels); 1-D Conv with zero padding, Relu, Sigmoid; back to [N, F*M] as "reconstruction"; the
/// per-block mean squared error against the normalised input as "error" [N, 1] (ScoreKind ReconstructionError).
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
        g.AddNode("Transpose", ["nlc"], ["ncl"], OnnxAttribute.Ints("perm", [0, 2, 1]));
        string current = "ncl";
        var layers = model.Network.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            string name = $"layer{i}";
            switch (layers[i])
            {
                case Conv2dLayer conv:
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
        g.AddNode("Transpose", [current], ["output_nlc"], OnnxAttribute.Ints("perm", [0, 2, 1]));
        g.AddNode("Flatten", ["output_nlc"], [AutoencoderOnnxExporter.ReconstructionOutput], OnnxAttribute.Int("axis", 1));
        g.AddNode("Sub", ["normalised", AutoencoderOnnxExporter.ReconstructionOutput], ["residual"]);
        g.AddNode("Mul", ["residual", "residual"], ["squared_residual"]);
        g.AddNode("ReduceMean", ["squared_residual"], [AutoencoderOnnxExporter.ErrorOutput], OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        g.AddOutput(AutoencoderOnnxExporter.ErrorOutput, OnnxElementType.Float, AutoencoderOnnxExporter.BatchDimension, 1);
        g.AddOutput(AutoencoderOnnxExporter.ReconstructionOutput, OnnxElementType.Float, AutoencoderOnnxExporter.BatchDimension, d);
        return g;
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
