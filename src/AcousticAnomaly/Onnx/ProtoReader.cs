using System.Text;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// A forward-only protobuf decoder over a seekable stream. Fields we do not want are skipped by seeking, so reading the
/// metadata of a model with hundreds of MB of weights touches only the few top-level fields around them.
/// Malformed input throws InvalidDataException (callers add the file name).
/// </summary>
internal sealed class ProtoReader
{
    public const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireStartGroup = 3, WireEndGroup = 4, WireFixed32 = 5;
    private readonly Stream _stream;
    private readonly long _end;

    public ProtoReader(Stream stream, long end)
    {
        _stream = stream;
        _end = end;
    }

    public bool AtEnd => _stream.Position >= _end;

    /// <summary>Reads the next field's tag; returns false at the end of this message.</summary>
    public bool Next(out int field, out int wire)
    {
        field = 0;
        wire = 0;
        if (AtEnd) return false;
        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wire = (int)(tag & 7);
        if (field <= 0) throw new InvalidDataException($"invalid protobuf field number {field} at byte {_stream.Position}.");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_stream.Position >= _end) throw new InvalidDataException("truncated protobuf varint.");
            var b = _stream.ReadByte();
            if (b < 0) throw new InvalidDataException("truncated protobuf varint.");
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("protobuf varint longer than 10 bytes.");
    }

    /// <summary>Length of a length-delimited field, checked against the bytes left in this message.</summary>
    public long ReadLength()
    {
        var len = ReadVarint();
        if (len > (ulong)(_end - _stream.Position)) throw new InvalidDataException($"protobuf field length {len} runs past the end of its message.");
        return (long)len;
    }

    public string ReadString()
    {
        var len = ReadLength();
        if (len > 64 * 1024 * 1024) throw new InvalidDataException($"string field of {len} bytes is implausibly long.");
        var buffer = new byte[len];
        _stream.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary>A reader over the sub-message at the current position; continue with this reader after it is done.</summary>
    /// <summary>A length-delimited field's bytes as they are (e.g. to copy a sub-message unchanged).</summary>
    public byte[] ReadBytes()
    {
        var buffer = new byte[ReadLength()];
        _stream.ReadExactly(buffer);
        return buffer;
    }

    public ProtoReader ReadMessage()
    {
        var len = ReadLength();
        return new ProtoReader(_stream, _stream.Position + len);
    }

    /// <summary>Moves past the end of a sub-reader (fields it did not read are skipped).</summary>
    public void Finish(ProtoReader inner) => _stream.Position = inner._end;

    public void Skip(int wire)
    {
        switch (wire)
        {
            case WireVarint: ReadVarint(); break;
            case WireFixed64: SkipBytes(8); break;
            case WireFixed32: SkipBytes(4); break;
            case WireLengthDelimited: SkipBytes(ReadLength()); break;
            default: throw new InvalidDataException($"unsupported protobuf wire type {wire}.");
        }
    }

    private void SkipBytes(long n)
    {
        if (n > _end - _stream.Position) throw new InvalidDataException("protobuf field runs past the end of its message.");
        _stream.Seek(n, SeekOrigin.Current);
    }
}
