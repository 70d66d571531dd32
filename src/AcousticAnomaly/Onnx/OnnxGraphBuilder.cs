using AcousticAnomaly.IO;
using System.Buffers.Binary;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// Builds an ONNX graph (GraphProto) and writes it as a model file, without Google.Protobuf: inputs/outputs with tensor
/// types and shapes, initializers (weights) and nodes with attributes. Detectors use it to export themselves - the
/// isolation forest (TreeEnsembleRegressor + arithmetic), and later the autoencoder (Gemm / BatchNormalization / Relu),
/// k-means and SVM. The builder checks only what it can cheaply (unique value names, initializer sizes); run the onnx
/// checker in tests for the rest.
/// </summary>
public sealed class OnnxGraphBuilder
{
    // GraphProto / NodeProto / ValueInfoProto / TypeProto / TensorShapeProto / TensorProto / ModelProto field numbers (onnx/onnx.proto).
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphDoc = 10, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int ValueInfoName = 1, ValueInfoType = 2, TypeTensorType = 1, TensorTypeElemType = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1, DimParam = 2;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelDoc = 6, ModelGraph = 7, ModelOpset = 8, ModelMetadata = 14;
    private const int OpsetDomain = 1, OpsetVersion = 2, EntryKey = 1, EntryValue = 2;

    private readonly List<(string Name, OnnxElementType Type, OnnxDim[] Shape)> _inputs = [];
    private readonly List<(string Name, OnnxElementType Type, OnnxDim[] Shape)> _outputs = [];
    private readonly List<(string Name, OnnxTensor Value)> _initializers = [];
    private readonly List<Node> _nodes = [];
    private readonly HashSet<string> _produced = new(StringComparer.Ordinal);
    private int _nodeCounter;

    private sealed record Node(string OpType, string Domain, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

    public OnnxGraphBuilder(string name = "graph", string docString = "")
    {
        Name = name;
        DocString = docString;
    }

    public string Name { get; }
    public string DocString { get; }

    public OnnxGraphBuilder AddInput(string name, OnnxElementType type, params OnnxDim[] shape)
    {
        Claim(name);
        _inputs.Add((name, type, shape));
        return this;
    }

    /// <summary>Declares a graph output; some node must produce a value of this name.</summary>
    public OnnxGraphBuilder AddOutput(string name, OnnxElementType type, params OnnxDim[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _outputs.Add((name, type, shape));
        return this;
    }

    /// <summary>Adds a constant tensor (weights, thresholds, scalars with no dims) and returns its name for use as a node input.</summary>
    public string AddInitializer(string name, OnnxTensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Claim(name);
        _initializers.Add((name, value));
        return name;
    }

    public string AddInitializer(string name, float[] values, params long[] dims) => AddInitializer(name, OnnxTensor.FromFloat(values, dims));
    public string AddInitializer(string name, long[] values, params long[] dims) => AddInitializer(name, OnnxTensor.FromInt64(values, dims));

    /// <summary>Adds a node in the default domain (ai.onnx). Nodes must be added in topological order, as ONNX requires.</summary>
    public OnnxGraphBuilder AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes) =>
        AddNode(opType, "", inputs, outputs, attributes);

    /// <summary>Adds a node of an operator in the given domain (e.g. "ai.onnx.ml" for TreeEnsembleRegressor).</summary>
    public OnnxGraphBuilder AddNode(string opType, string domain, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var i in inputs)
            if (i.Length > 0 && !_produced.Contains(i))
                throw new InvalidOperationException($"Node {opType}: input '{i}' is not a graph input, initializer or earlier node output.");
        foreach (var o in outputs) Claim(o);
        _nodes.Add(new Node(opType, domain ?? "", $"{opType}_{_nodeCounter++}", inputs.ToArray(), outputs.ToArray(), attributes));
        return this;
    }

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        // ONNX graphs are in SSA form: every value name is defined exactly once.
        if (!_produced.Add(name)) throw new InvalidOperationException($"Value name '{name}' is already defined in graph '{Name}'.");
    }

    /// <summary>Serialises the model (ModelProto) to bytes.</summary>
    public byte[] ToModelBytes(OnnxModelOptions? options = null)
    {
        options ??= new OnnxModelOptions();
        foreach (var o in _outputs)
            if (!_produced.Contains(o.Name)) throw new InvalidOperationException($"Graph output '{o.Name}' is not produced by any node.");

        var model = new ProtoWriter();
        model.Int64(ModelIrVersion, options.IrVersion);
        model.String(ModelProducerName, options.ProducerName);
        model.String(ModelProducerVersion, options.ProducerVersion);
        if (options.DocString.Length > 0) model.String(ModelDoc, options.DocString);
        model.Message(ModelGraph, WriteGraph);
        foreach (var (domain, version) in options.Opsets.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            model.Message(ModelOpset, w => { w.String(OpsetDomain, domain); w.Int64(OpsetVersion, version); });
        foreach (var (key, value) in options.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            model.Message(ModelMetadata, w => { w.String(EntryKey, key); w.String(EntryValue, value); });
        return model.ToArray();
    }

    /// <summary>Writes the model file atomically (temporary file, then rename): a crash never leaves half a model.</summary>
    public void Save(string path, OnnxModelOptions? options = null) => AtomicFile.WriteAllBytes(path, ToModelBytes(options));

    private void WriteGraph(ProtoWriter g)
    {
        foreach (var n in _nodes)
        {
            g.Message(GraphNode, w =>
            {
                foreach (var i in n.Inputs) w.String(NodeInput, i);
                foreach (var o in n.Outputs) w.String(NodeOutput, o);
                w.String(NodeName, n.Name);
                w.String(NodeOpType, n.OpType);
                foreach (var a in n.Attributes) w.Message(NodeAttribute, a.Write);
                if (n.Domain.Length > 0) w.String(NodeDomain, n.Domain);
            });
        }
        g.String(GraphName, Name);
        foreach (var (name, value) in _initializers) g.Message(GraphInitializer, w => WriteTensor(w, name, value));
        if (DocString.Length > 0) g.String(GraphDoc, DocString);
        foreach (var v in _inputs) g.Message(GraphInput, w => WriteValueInfo(w, v.Name, v.Type, v.Shape));
        foreach (var v in _outputs) g.Message(GraphOutput, w => WriteValueInfo(w, v.Name, v.Type, v.Shape));
    }

    private static void WriteValueInfo(ProtoWriter w, string name, OnnxElementType type, OnnxDim[] shape)
    {
        w.String(ValueInfoName, name);
        w.Message(ValueInfoType, t => t.Message(TypeTensorType, tt =>
        {
            tt.Int64(TensorTypeElemType, (int)type);
            tt.Message(TensorTypeShape, s =>
            {
                foreach (var d in shape)
                {
                    s.Message(ShapeDim, dim =>
                    {
                        if (d.Value is { } v) dim.Int64(DimValue, v);
                        else if (d.Param is { } p) dim.String(DimParam, p);
                        // Neither set: an unnamed dynamic dimension.
                    });
                }
            });
        }));
    }

    /// <summary>TensorProto with raw_data (little-endian), which every ONNX reader accepts for numeric types.</summary>
    internal static void WriteTensor(ProtoWriter w, string name, OnnxTensor value)
    {
        w.PackedInt64s(TensorDims, value.Shape.ToArray());
        w.Int64(TensorDataType, (int)value.ElementType);
        if (name.Length > 0) w.String(TensorName, name);
        byte[] raw;
        switch (value.ElementType)
        {
            case OnnxElementType.Float:
            {
                var a = value.AsFloat();
                raw = new byte[a.Length * 4];
                for (var i = 0; i < a.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), a[i]);
                break;
            }
            case OnnxElementType.Double:
            {
                var a = value.AsDouble();
                raw = new byte[a.Length * 8];
                for (var i = 0; i < a.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * 8), a[i]);
                break;
            }
            case OnnxElementType.Int64:
            {
                var a = value.AsInt64();
                raw = new byte[a.Length * 8];
                for (var i = 0; i < a.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), a[i]);
                break;
            }
            default:
                throw new NotSupportedException($"Cannot write a {value.ElementType} tensor.");
        }
        w.Bytes(TensorRawData, raw);
    }
}
