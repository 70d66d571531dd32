using System.Buffers.Binary;
using System.Text;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// A minimal protocol-buffers encoder: varints, 32-bit floats, length-delimited bytes/strings/sub-messages and packed
/// repeated scalars - everything ONNX's ModelProto needs. Sub-messages are encoded into their own writer first, because
/// protobuf puts the byte length before the body; the models we write are a few MB at most.
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;
    private readonly MemoryStream _stream = new();

    public byte[] ToArray() => _stream.ToArray();
    public long Length => _stream.Length;

    private void Tag(int field, int wire) => Varint(((ulong)field << 3) | (uint)wire);

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _stream.WriteByte((byte)value);
    }

    /// <summary>int32/int64/enum field: negative values are sign-extended to 10 bytes, as protobuf requires.</summary>
    public void Int64(int field, long value) { Tag(field, WireVarint); Varint((ulong)value); }

    public void Float(int field, float value)
    {
        Tag(field, WireFixed32);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        _stream.Write(b);
    }

    public void Double(int field, double value)
    {
        Tag(field, WireFixed64);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, value);
        _stream.Write(b);
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)value.Length);
        _stream.Write(value);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Message(int field, ProtoWriter message)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)message._stream.Length);
        message._stream.Position = 0;
        message._stream.CopyTo(_stream);
    }

    public void Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        Message(field, inner);
    }

    public void PackedFloats(int field, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return;
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        Bytes(field, bytes);
    }

    public void PackedInt64s(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty) return;
        var inner = new ProtoWriter();
        foreach (var v in values) inner.Varint((ulong)v);
        Message(field, inner);
    }
}
