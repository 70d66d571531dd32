namespace AcousticAnomaly.Onnx;

/// <summary>
/// The top-level facts of an .onnx file, read straight from its ModelProto without ONNX Runtime: IR version, producer,
/// opset imports ("" = the default ai.onnx domain) and metadata_props. The graph (field 7), which holds the weights, is
/// skipped by seeking, so this is cheap for large models. Loading a model reads its metadata through ONNX Runtime
/// (<see cref="OnnxSession.CustomMetadata"/>); this reader is for what the runtime does not expose (IR version, opsets),
/// e.g. checking what an exporter wrote.
/// </summary>
public sealed record OnnxModelInfo(
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    string Domain,
    long ModelVersion,
    string DocString,
    IReadOnlyDictionary<string, long> OpsetImports,
    IReadOnlyDictionary<string, string> MetadataProps)
{
    // ModelProto field numbers (onnx/onnx.proto).
    private const int FieldIrVersion = 1, FieldProducerName = 2, FieldProducerVersion = 3, FieldDomain = 4, FieldModelVersion = 5,
        FieldDocString = 6, FieldGraph = 7, FieldOpsetImport = 8, FieldMetadataProps = 14;

    /// <summary>Reads a model file. Missing or malformed files throw <see cref="OnnxModelException"/> naming the file.</summary>
    public static OnnxModelInfo Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new OnnxModelException(path, "model file not found.");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            return Read(stream, path);
        }
        catch (InvalidDataException ex)
        {
            throw new OnnxModelException(path, $"not a valid ONNX model: {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new OnnxModelException(path, "not a valid ONNX model: truncated.", ex);
        }
        catch (IOException ex)
        {
            throw new OnnxModelException(path, $"cannot read the model: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new OnnxModelException(path, $"cannot read the model: {ex.Message}", ex);
        }
    }

    private static OnnxModelInfo Read(Stream stream, string path)
    {
        var reader = new ProtoReader(stream, stream.Length);
        long ir = 0, modelVersion = 0;
        string producer = "", producerVersion = "", domain = "", doc = "";
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var hasGraph = false;
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case FieldIrVersion when wire == ProtoReader.WireVarint: ir = (long)reader.ReadVarint(); break;
                case FieldModelVersion when wire == ProtoReader.WireVarint: modelVersion = (long)reader.ReadVarint(); break;
                case FieldProducerName when wire == ProtoReader.WireLengthDelimited: producer = reader.ReadString(); break;
                case FieldProducerVersion when wire == ProtoReader.WireLengthDelimited: producerVersion = reader.ReadString(); break;
                case FieldDomain when wire == ProtoReader.WireLengthDelimited: domain = reader.ReadString(); break;
                case FieldDocString when wire == ProtoReader.WireLengthDelimited: doc = reader.ReadString(); break;
                case FieldGraph when wire == ProtoReader.WireLengthDelimited: hasGraph = true; reader.Skip(wire); break;
                case FieldOpsetImport when wire == ProtoReader.WireLengthDelimited:
                {
                    var (key, version) = ReadOpset(reader);
                    opsets[key] = version;
                    break;
                }
                case FieldMetadataProps when wire == ProtoReader.WireLengthDelimited:
                {
                    var (key, value) = ReadEntry(reader);
                    metadata[key] = value;
                    break;
                }
                default: reader.Skip(wire); break;
            }
        }
        // Any byte string parses as *some* protobuf; a real model has an IR version and a graph.
        if (ir <= 0 || !hasGraph)
            throw new InvalidDataException(ir <= 0 ? "no ir_version field (not an ONNX ModelProto)." : "no graph in the model.");
        return new OnnxModelInfo(ir, producer, producerVersion, domain, modelVersion, doc, opsets, metadata);
    }

    private static (string Domain, long Version) ReadOpset(ProtoReader reader)
    {
        var inner = reader.ReadMessage();
        string d = "";
        long v = 0;
        while (inner.Next(out var f, out var w))
        {
            if (f == 1 && w == ProtoReader.WireLengthDelimited) d = inner.ReadString();
            else if (f == 2 && w == ProtoReader.WireVarint) v = (long)inner.ReadVarint();
            else inner.Skip(w);
        }
        reader.Finish(inner);
        return (d, v);
    }

    private static (string Key, string Value) ReadEntry(ProtoReader reader)
    {
        // StringStringEntryProto { 1: key, 2: value }
        var inner = reader.ReadMessage();
        string k = "", v = "";
        while (inner.Next(out var f, out var w))
        {
            if (f == 1 && w == ProtoReader.WireLengthDelimited) k = inner.ReadString();
            else if (f == 2 && w == ProtoReader.WireLengthDelimited) v = inner.ReadString();
            else inner.Skip(w);
        }
        reader.Finish(inner);
        return (k, v);
    }
}
