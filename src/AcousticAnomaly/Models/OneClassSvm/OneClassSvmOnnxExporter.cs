using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.OneClassSvm;

/// <summary>
/// Exports a <see cref="OneClassSvmModel"/> as skl2onnx exports scikit-learn's OneClassSVM: input "X" float [N, D];
/// outputs "label" int64 [N, 1] (-1 anomaly, 1 normal) and "scores" float [N, 1] = decision_function (negative =
/// anomalous, so the model's ScoreKind is NegatedDecision and 0 is its natural threshold).
/// Graph: one ai.onnx.ml SVMRegressor (kernel_type RBF, kernel_params [gamma, 0, 3], the support vectors and their
/// dual coefficients, rho = [-rho]) with one_class = 0 - with one_class = 1 ONNX Runtime replaces the value by +1/-1,
/// which is why skl2onnx leaves it 0 too - then Less 0 and Where for the label. skl2onnx derives the label with Sign,
/// which gives 0 for a decision of exactly 0; Where keeps sklearn's predict rule (decision &gt;= 0 is normal).
/// </summary>
public static class OneClassSvmOnnxExporter
{
    public const string InputName = "X";
    public const string LabelOutput = "label";
    public const string ScoresOutput = "scores";
    public const string BatchDimension = "N";

    public static OnnxGraphBuilder BuildGraph(OneClassSvmModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        var g = new OnnxGraphBuilder("one_class_svm", "One-class SVM (RBF) exported by AcousticAnomaly (scikit-learn semantics).");
        g.AddInput(InputName, OnnxElementType.Float, BatchDimension, model.FeatureCount);
        g.AddNode("SVMRegressor", "ai.onnx.ml", [InputName], [ScoresOutput],
            OnnxAttribute.String("kernel_type", "RBF"),
            OnnxAttribute.Floats("kernel_params", [(float)model.Gamma, 0f, 3f]),
            OnnxAttribute.Int("n_supports", model.SupportVectorCount),
            OnnxAttribute.Int("one_class", 0),
            OnnxAttribute.String("post_transform", "NONE"),
            OnnxAttribute.Floats("rho", [(float)-model.Rho]),
            OnnxAttribute.Floats("coefficients", Array.ConvertAll(model.Coefficients, c => (float)c)),
            OnnxAttribute.Floats("support_vectors", model.SupportVectors));
        g.AddInitializer("zero", [0f]);
        g.AddInitializer("label_anomaly", [-1L]);
        g.AddInitializer("label_normal", [1L]);
        g.AddNode("Less", [ScoresOutput, "zero"], ["is_anomaly"]);
        g.AddNode("Where", ["is_anomaly", "label_anomaly", "label_normal"], [LabelOutput]);
        g.AddOutput(LabelOutput, OnnxElementType.Int64, BatchDimension, 1);
        g.AddOutput(ScoresOutput, OnnxElementType.Float, BatchDimension, 1);
        return g;
    }

    public static byte[] ToBytes(OneClassSvmModel model, IReadOnlyDictionary<string, string>? metadata = null) =>
        BuildGraph(model).ToModelBytes(new OnnxModelOptions { Metadata = metadata ?? new Dictionary<string, string>() });

    /// <summary>Writes the model atomically (temporary file, then rename).</summary>
    public static void Export(OneClassSvmModel model, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.WriteAllBytes(path, ToBytes(model, metadata));

    /// <summary>Writes the model with our versioned metadata record (see <see cref="ModelMetadata"/>).</summary>
    public static void Export(OneClassSvmModel model, string path, ModelMetadata metadata) =>
        Export(model, path, (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps());
}
