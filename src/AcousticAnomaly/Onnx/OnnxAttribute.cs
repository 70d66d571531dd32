namespace AcousticAnomaly.Onnx;

/// <summary>A node attribute (AttributeProto). Build one with the static factories.</summary>
public sealed class OnnxAttribute
{
    // AttributeProto field numbers and AttributeType values (onnx/onnx.proto).
    private const int FieldName = 1, FieldF = 2, FieldI = 3, FieldS = 4, FieldT = 5, FieldFloats = 7, FieldInts = 8, FieldStrings = 9, FieldType = 20;
    private const int TypeFloat = 1, TypeInt = 2, TypeString = 3, TypeTensor = 4, TypeFloats = 6, TypeInts = 7, TypeStrings = 8;

    private readonly Action<ProtoWriter> _writeValue;

    private OnnxAttribute(string name, int type, Action<ProtoWriter> writeValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        AttributeType = type;
        _writeValue = writeValue;
    }

    public string Name { get; }
    internal int AttributeType { get; }

    public static OnnxAttribute Float(string name, float value) => new(name, TypeFloat, w => w.Float(FieldF, value));
    public static OnnxAttribute Int(string name, long value) => new(name, TypeInt, w => w.Int64(FieldI, value));
    public static OnnxAttribute String(string name, string value) => new(name, TypeString, w => w.String(FieldS, value));

    public static OnnxAttribute Floats(string name, float[] values) =>
        new(name, TypeFloats, w => w.PackedFloats(FieldFloats, values));

    public static OnnxAttribute Ints(string name, long[] values) =>
        new(name, TypeInts, w => w.PackedInt64s(FieldInts, values));

    public static OnnxAttribute Strings(string name, IReadOnlyList<string> values) =>
        new(name, TypeStrings, w => { foreach (var s in values) w.String(FieldStrings, s); });

    public static OnnxAttribute Tensor(string name, OnnxTensor value) =>
        new(name, TypeTensor, w => w.Message(FieldT, t => OnnxGraphBuilder.WriteTensor(t, "", value)));

    internal void Write(ProtoWriter w)
    {
        w.String(FieldName, Name);
        w.Int64(FieldType, AttributeType);
        _writeValue(w);
    }
}
