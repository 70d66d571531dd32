using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Mahalanobis;

/// <summary>
/// Exports a <see cref="MahalanobisModel"/>: input "X" float [N, D]; output "score" float [N, 1] = squared Mahalanobis
/// distance (ScoreKind Distance). Graph in double: Sub location, MatMul precision, Mul by the centred input, ReduceSum.
/// </summary>
public static class MahalanobisOnnxExporter
{
    public const string InputName = "X";
    public const string ScoreOutput = "score";

    public static OnnxGraphBuilder BuildGraph(MahalanobisModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        int d = model.FeatureCount;
        var g = new OnnxGraphBuilder("mahalanobis", "Squared Mahalanobis distance exported by AcousticAnomaly.");
        g.AddInput(InputName, OnnxElementType.Float, "N", d);
        g.AddInitializer("location", OnnxTensor.FromDouble(model.Location, d));
        g.AddInitializer("precision", OnnxTensor.FromDouble(model.Precision, d, d));
        g.AddNode("Cast", [InputName], ["x64"], OnnxAttribute.Int("to", (long)OnnxElementType.Double));
        g.AddNode("Sub", ["x64", "location"], ["centred"]);
        g.AddNode("MatMul", ["centred", "precision"], ["projected"]);
        g.AddNode("Mul", ["projected", "centred"], ["terms"]);
        g.AddInitializer("axes", OnnxTensor.FromInt64([1], 1));
        g.AddNode("ReduceSum", ["terms", "axes"], ["score64"], OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Cast", ["score64"], [ScoreOutput], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        g.AddOutput(ScoreOutput, OnnxElementType.Float, "N", 1);
        return g;
    }

    /// <summary>Writes the model with our metadata record, atomically.</summary>
    public static void Export(MahalanobisModel model, string path, ModelMetadata metadata) =>
        AtomicFile.WriteAllBytes(path, BuildGraph(model).ToModelBytes(new OnnxModelOptions
        {
            Metadata = (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps(),
        }));
}
