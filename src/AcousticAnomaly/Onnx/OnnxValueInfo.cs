namespace AcousticAnomaly.Onnx;

/// <summary>
/// A graph input or output as ONNX Runtime reports it. Shape holds -1 for a dynamic dimension (symbolic like "N" or
/// unnamed like skl2onnx's None). A non-tensor value (sequence, map) has ElementType Undefined and an empty shape.
/// </summary>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Shape)
{
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
