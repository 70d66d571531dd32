using AcousticAnomaly.IO;
using AcousticAnomaly.Models.Neural;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// Writes a <see cref="ClassifierModel"/> with standard ai.onnx operators (opset 17): input "X" float [N, D] (raw
/// feature rows); Sub/Div by the stored standardisation; for the CNNs a Reshape to our channel-last [N, H, W, C] and a
/// Transpose to ONNX's [N, C, H, W] (1-D convolutions become 2-D ones with a kernel width of 1); Conv,
/// BatchNormalization (running statistics), Relu, MaxPool/AveragePool/GlobalAveragePool; back to channel-last and
/// Flatten before a dense layer (Gemm); outputs "probabilities" = Softmax [N, K] and "label" = ArgMax int64 [N], the
/// index into the metadata's labels; "embedding" [N, E] = the input of the final dense layer (the penultimate
/// activations the evaluation report's scatter shows). Dropout is the identity at inference and is left out.
/// </summary>
public static class ClassifierOnnxExporter
{
    public const string InputName = "X";
    public const string ProbabilitiesOutput = "probabilities";
    public const string LabelOutput = "label";
    public const string LogitsName = "logits";
    public const string EmbeddingOutput = "embedding";
    public const int Opset = 17;

    public static OnnxGraphBuilder BuildGraph(ClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int d = model.Network.InputSize, k = model.Labels.Count;
        var g = new OnnxGraphBuilder("audio_classifier", $"{model.Architecture} audio classifier exported by AcousticAnomaly: class probabilities and the label index.");
        g.AddInput(InputName, OnnxElementType.Float, "N", d);
        g.AddNode("Sub", [InputName, g.AddInitializer("input_mean", model.Mean, d)], ["centred"]);
        g.AddNode("Div", ["centred", g.AddInitializer("input_scale", model.Scale, d)], ["standardized"]);
        string current = "standardized";
        bool spatial = model.Architecture != ClassifierArchitecture.Mlp;
        if (spatial)
        {
            var s = model.Shape;
            g.AddNode("Reshape", [current, g.AddInitializer("input_shape", new long[] { -1, s.Height, s.Width, s.Channels }, 4)], ["nhwc"]);
            g.AddNode("Transpose", ["nhwc"], ["nchw"], OnnxAttribute.Ints("perm", [0, 3, 1, 2]));
            current = "nchw";
        }
        var layers = model.Network.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            string name = i == layers.Count - 1 ? LogitsName : $"layer{i}";
            switch (layers[i])
            {
                case DenseLayer dense:
                    if (spatial)
                    {
                        g.AddNode("Transpose", [current], [$"layer{i}_nhwc"], OnnxAttribute.Ints("perm", [0, 2, 3, 1]));
                        g.AddNode("Flatten", [$"layer{i}_nhwc"], [$"layer{i}_flat"], OnnxAttribute.Int("axis", 1));
                        current = $"layer{i}_flat";
                        spatial = false;
                    }
                    if (i == layers.Count - 1) g.AddNode("Identity", [current], [EmbeddingOutput]);
                    g.AddNode("Gemm", [current, g.AddInitializer($"dense{i}.weight", dense.Weight.Value, dense.InputSize, dense.OutputSize),
                        g.AddInitializer($"dense{i}.bias", dense.Bias.Value, dense.OutputSize)], [name]);
                    break;
                case Conv2dLayer conv:
                    g.AddNode("Conv", [current, g.AddInitializer($"conv{i}.weight", OnnxKernel(conv), conv.OutChannels, conv.InChannels, conv.KernelHeight, conv.KernelWidth),
                        g.AddInitializer($"conv{i}.bias", conv.Bias.Value, conv.OutChannels)], [name],
                        OnnxAttribute.Ints("kernel_shape", [conv.KernelHeight, conv.KernelWidth]),
                        OnnxAttribute.Ints("pads", [conv.PadHeight, conv.PadWidth, conv.PadHeight, conv.PadWidth]));
                    break;
                case BatchNormLayer bn:
                    g.AddNode("BatchNormalization", [current,
                        g.AddInitializer($"bn{i}.weight", bn.Gamma.Value, bn.Channels), g.AddInitializer($"bn{i}.bias", bn.Beta.Value, bn.Channels),
                        g.AddInitializer($"bn{i}.running_mean", bn.RunningMean, bn.Channels), g.AddInitializer($"bn{i}.running_var", bn.RunningVariance, bn.Channels)],
                        [name], OnnxAttribute.Float("epsilon", (float)bn.Epsilon));
                    break;
                case ReluLayer:
                    g.AddNode("Relu", [current], [name]);
                    break;
                case PoolLayer pool when pool.IsGlobal:
                    g.AddNode(pool.Mode == PoolMode.Max ? "GlobalMaxPool" : "GlobalAveragePool", [current], [name]);
                    break;
                case PoolLayer pool:
                    g.AddNode(pool.Mode == PoolMode.Max ? "MaxPool" : "AveragePool", [current], [name],
                        OnnxAttribute.Ints("kernel_shape", [pool.KernelHeight, pool.KernelWidth]),
                        OnnxAttribute.Ints("strides", [pool.KernelHeight, pool.KernelWidth]));
                    break;
                case DropoutLayer:
                    continue;
                default:
                    throw new NotSupportedException($"No ONNX export for layer {layers[i].GetType().Name}.");
            }
            current = name;
        }
        if (current != LogitsName) throw new NotSupportedException("The network must end in a dense layer.");
        g.AddNode("Softmax", [LogitsName], [ProbabilitiesOutput], OnnxAttribute.Int("axis", 1));
        g.AddNode("ArgMax", [LogitsName], [LabelOutput], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0));
        g.AddOutput(ProbabilitiesOutput, OnnxElementType.Float, "N", k);
        g.AddOutput(LabelOutput, OnnxElementType.Int64, "N");
        g.AddOutput(EmbeddingOutput, OnnxElementType.Float, "N", layers[^1].InputSize);
        return g;
    }

    /// <summary>Our kernel [(kh * KW + kw) * Cin + c][out] as ONNX's [out][c][kh][kw].</summary>
    private static float[] OnnxKernel(Conv2dLayer conv)
    {
        int cin = conv.InChannels, cout = conv.OutChannels, kh = conv.KernelHeight, kw = conv.KernelWidth;
        var w = conv.Weight.Value;
        var result = new float[w.Length];
        for (int o = 0; o < cout; o++)
            for (int c = 0; c < cin; c++)
                for (int y = 0; y < kh; y++)
                    for (int x = 0; x < kw; x++)
                        result[((o * cin + c) * kh + y) * kw + x] = w[((y * kw + x) * cin + c) * cout + o];
        return result;
    }

    public static ClassifierMetadata Metadata(ClassifierModel model) => new()
    {
        Architecture = model.Architecture.ToString(),
        Labels = model.Labels,
        FeatureSettings = model.Features,
        NormalizationMean = model.Mean,
        NormalizationScale = model.Scale,
        Training = model.Summary,
    };

    public static byte[] ToBytes(ClassifierModel model) =>
        BuildGraph(model).ToModelBytes(new OnnxModelOptions
        {
            Opsets = new Dictionary<string, long> { [""] = Opset },
            Metadata = Metadata(model).ToMetadataProps(),
        });

    /// <summary>Writes the model atomically (temporary file, fsync, rename).</summary>
    public static void Export(ClassifierModel model, string path) => AtomicFile.WriteAllBytes(path, ToBytes(model));
}
