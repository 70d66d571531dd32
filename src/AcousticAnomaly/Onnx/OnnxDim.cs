using System.Globalization;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// One dimension of a graph input/output: fixed (640), symbolic ("N" - a named batch size) or unnamed dynamic
/// (<see cref="Dynamic"/>, what skl2onnx writes for None). Converts implicitly from int, long and string so shapes read
/// naturally: <c>AddInput("X", OnnxElementType.Float, "N", 640)</c>.
/// </summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long? value, string? param) { Value = value; Param = param; }

    public long? Value { get; }
    public string? Param { get; }

    public static OnnxDim Fixed(long value) =>
        value >= 0 ? new OnnxDim(value, null) : throw new ArgumentOutOfRangeException(nameof(value), "A fixed dimension must be >= 0.");

    public static OnnxDim Symbolic(string name) =>
        string.IsNullOrEmpty(name) ? throw new ArgumentException("A symbolic dimension needs a name.", nameof(name)) : new OnnxDim(null, name);

    public static OnnxDim Dynamic => default;

    public static implicit operator OnnxDim(long value) => Fixed(value);
    public static implicit operator OnnxDim(int value) => Fixed(value);
    public static implicit operator OnnxDim(string name) => Symbolic(name);

    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? Param ?? "?";
}
