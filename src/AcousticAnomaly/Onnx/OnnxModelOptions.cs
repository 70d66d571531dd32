namespace AcousticAnomaly.Onnx;

/// <summary>Model-level fields written around a graph (ModelProto).</summary>
public sealed record OnnxModelOptions
{
    /// <summary>IR 8 is what onnx 1.12 writes for opset 17; ONNX Runtime (1.23 and 1.32) and the onnx checker accept it.</summary>
    public long IrVersion { get; init; } = 8;

    /// <summary>Operator sets by domain ("" = ai.onnx). ai.onnx.ml 3 carries TreeEnsembleRegressor with the attributes we use.</summary>
    public IReadOnlyDictionary<string, long> Opsets { get; init; } = new Dictionary<string, long> { [""] = 17, ["ai.onnx.ml"] = 3 };

    public string ProducerName { get; init; } = "AcousticAnomaly";
    public string ProducerVersion { get; init; } = typeof(OnnxModelOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    public string DocString { get; init; } = "";

    /// <summary>metadata_props, written in key order so the same model gives the same bytes.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
