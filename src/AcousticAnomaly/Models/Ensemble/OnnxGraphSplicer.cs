using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Ensemble;

/// <summary>
/// Joins whole ONNX models into one graph at the protobuf level: each part's nodes and initializers are copied with
/// their value names prefixed (so members never collide) and selected names renamed (a member's input becomes the
/// ensemble's shared input; the combination graph's inputs become the members' score outputs). Node attributes and
/// tensors are copied byte for byte, so any operator our exporters use survives unchanged.
/// </summary>
internal sealed class OnnxGraphSplicer
{
    // onnx.proto field numbers: ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto, OperatorSetIdProto.
    private const int ModelGraph = 7, ModelOpset = 8, ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelMetadata = 14;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3;
    private const int TensorName = 8, ValueInfoName = 1, OpsetDomain = 1, OpsetVersion = 2, EntryKey = 1, EntryValue = 2;

    private readonly ProtoWriter _graph = new();
    private readonly Dictionary<string, long> _opsets = new(StringComparer.Ordinal);
    private byte[]? _input;
    private byte[]? _output;

    /// <summary>A parsed model: its graph's input and output names (in order).</summary>
    public sealed record Part(byte[] Bytes, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

    public static Part Read(byte[] model)
    {
        List<string> inputs = [], outputs = [];
        ForEachGraphField(model, (field, r) =>
        {
            if (field is GraphInput or GraphOutput)
            {
                var name = "";
                var inner = r.ReadMessage();
                while (inner.Next(out var f, out var w))
                {
                    if (f == ValueInfoName) name = inner.ReadString();
                    else inner.Skip(w);
                }
                r.Finish(inner);
                (field == GraphInput ? inputs : outputs).Add(name);
                return true;
            }
            return false;
        }, null);
        return new Part(model, inputs, outputs);
    }

    /// <summary>Copies a part's nodes and initializers.</summary>
    /// <param name="part">The model to copy.</param>
    /// <param name="prefix">Put before every value name not in <paramref name="rename"/>.</param>
    /// <param name="rename">Value names mapped to a given name instead.</param>
    /// <param name="takeInput">Keep this part's (renamed) graph input as the spliced model's input.</param>
    /// <param name="takeOutput">Keep this part's graph outputs as the spliced model's outputs.</param>
    public void Add(Part part, string prefix, IReadOnlyDictionary<string, string> rename, bool takeInput = false, bool takeOutput = false)
    {
        string Map(string name) => name.Length == 0 ? name : rename.TryGetValue(name, out var to) ? to : prefix + name;
        ForEachGraphField(part.Bytes, (field, r) =>
        {
            switch (field)
            {
                case GraphNode:
                    _graph.Message(GraphNode, Rewrite(r.ReadBytes(), f => f is NodeInput or NodeOutput or NodeName, Map));
                    return true;
                case GraphInitializer:
                    _graph.Message(GraphInitializer, Rewrite(r.ReadBytes(), f => f == TensorName, Map));
                    return true;
                case GraphInput:
                    var input = Rewrite(r.ReadBytes(), f => f == ValueInfoName, Map);
                    if (takeInput) _input = input.ToArray();
                    return true;
                case GraphOutput:
                    var output = Rewrite(r.ReadBytes(), f => f == ValueInfoName, Map);
                    if (takeOutput) _output = output.ToArray();
                    return true;
                default:
                    return false;
            }
        }, (domain, version) => _opsets[domain] = Math.Max(version, _opsets.GetValueOrDefault(domain)));
    }

    /// <summary>The spliced model, with the opsets every part imported (highest version per domain).</summary>
    public byte[] ToModelBytes(string graphName, IReadOnlyDictionary<string, string> metadata)
    {
        if (_input is null || _output is null) throw new InvalidOperationException("no part supplied the graph's input or output");
        var options = new OnnxModelOptions();
        // Repeated graph fields may interleave (protobuf merges them), so nodes and initializers stay in copy order.
        _graph.String(GraphName, graphName);
        _graph.Bytes(GraphInput, _input);
        _graph.Bytes(GraphOutput, _output);
        var model = new ProtoWriter();
        model.Int64(ModelIrVersion, options.IrVersion);
        model.String(ModelProducerName, options.ProducerName);
        model.String(ModelProducerVersion, options.ProducerVersion);
        model.Message(ModelGraph, _graph);
        foreach (var (domain, version) in _opsets.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            model.Message(ModelOpset, w => { w.String(OpsetDomain, domain); w.Int64(OpsetVersion, version); });
        foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            model.Message(ModelMetadata, w => { w.String(EntryKey, key); w.String(EntryValue, value); });
        return model.ToArray();
    }

    /// <summary>Copies a message, passing the string fields <paramref name="isName"/> selects through <paramref name="map"/>.</summary>
    private static ProtoWriter Rewrite(byte[] message, Func<int, bool> isName, Func<string, string> map)
    {
        var w = new ProtoWriter();
        using var stream = new MemoryStream(message, writable: false);
        var r = new ProtoReader(stream, message.Length);
        while (r.Next(out var field, out var wire))
        {
            if (wire == ProtoReader.WireLengthDelimited && isName(field)) w.String(field, map(r.ReadString()));
            else CopyField(r, w, field, wire);
        }
        return w;
    }

    private static void CopyField(ProtoReader r, ProtoWriter w, int field, int wire)
    {
        switch (wire)
        {
            case ProtoReader.WireVarint: w.Int64(field, (long)r.ReadVarint()); break;
            case ProtoReader.WireLengthDelimited: w.Bytes(field, r.ReadBytes()); break;
            default: throw new InvalidDataException($"unexpected protobuf wire type {wire} in field {field} of an ONNX graph");
        }
    }

    /// <summary>Walks a model's graph fields (the handler returns true when it consumed one) and its opset imports.</summary>
    private static void ForEachGraphField(byte[] model, Func<int, ProtoReader, bool> onGraphField, Action<string, long>? onOpset)
    {
        using var stream = new MemoryStream(model, writable: false);
        var r = new ProtoReader(stream, model.Length);
        while (r.Next(out var field, out var wire))
        {
            if (field == ModelGraph && wire == ProtoReader.WireLengthDelimited)
            {
                var g = r.ReadMessage();
                while (g.Next(out var f, out var w))
                    if (!onGraphField(f, g)) g.Skip(w);
                r.Finish(g);
            }
            else if (field == ModelOpset && wire == ProtoReader.WireLengthDelimited && onOpset is not null)
            {
                var o = r.ReadMessage();
                string domain = "";
                long version = 0;
                while (o.Next(out var f, out var w))
                {
                    if (f == OpsetDomain) domain = o.ReadString();
                    else if (f == OpsetVersion) version = (long)o.ReadVarint();
                    else o.Skip(w);
                }
                r.Finish(o);
                onOpset(domain, version);
            }
            else r.Skip(wire);
        }
    }
}
