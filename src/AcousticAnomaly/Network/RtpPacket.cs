using System.Buffers.Binary;
using System.Text;

namespace AcousticAnomaly.Network;

/// <summary>
/// One RTP packet (RFC 3550) carrying L16 audio: 16-bit big-endian PCM, frames interleaved (RFC 3551 4.5.11). The
/// payload is not copied: <see cref="PayloadOffset"/> and <see cref="PayloadLength"/> point into the datagram.
/// Our senders add a header extension (profile <see cref="FormatExtensionProfile"/>) giving the rate, channels and
/// the sender's name, since L16 at other rates than 44.1 kHz has no static payload type; packets without it (a foreign
/// sender such as ffmpeg) are taken to be in the listener's format.
/// </summary>
public readonly record struct RtpPacket(bool Marker, byte PayloadType, ushort Sequence, uint Timestamp, uint Ssrc,
    int SampleRate, int Channels, int NameOffset, int NameLength, int PayloadOffset, int PayloadLength)
{
    /// <summary>The dynamic payload type our senders use for L16.</summary>
    public const byte L16PayloadType = 96;

    /// <summary>"AA" + 16: the header-extension profile carrying rate, channels and name.</summary>
    public const ushort FormatExtensionProfile = 0xAA16;

    /// <summary>Longest sender name carried (UTF-8 bytes); longer names are cut.</summary>
    public const int MaxNameBytes = 64;

    private const int FixedHeader = 12;

    /// <summary>Reads a datagram; false (with the reason) for anything that is not a well-formed RTP version 2 packet
    /// with a whole number of 16-bit samples.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet, out string? problem)
    {
        packet = default;
        problem = null;
        if (data.Length < FixedHeader) return Fail("shorter than an RTP header", out problem);
        if (data[0] >> 6 != 2) return Fail("not RTP version 2", out problem);
        bool padding = (data[0] & 0x20) != 0, extension = (data[0] & 0x10) != 0;
        int csrcCount = data[0] & 0x0F;
        int offset = FixedHeader + 4 * csrcCount;
        int end = data.Length;
        if (offset > end) return Fail("CSRC list runs past the end", out problem);
        int rate = 0, channels = 0, nameOffset = 0, nameLength = 0;
        if (extension)
        {
            if (offset + 4 > end) return Fail("header extension runs past the end", out problem);
            ushort profile = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            int words = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            int extEnd = offset + 4 + 4 * words;
            if (extEnd > end) return Fail("header extension runs past the end", out problem);
            if (profile == FormatExtensionProfile && words >= 2)
            {
                rate = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 4)..]), int.MaxValue);
                channels = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 8)..]);
                nameLength = data[offset + 10];
                nameOffset = offset + 12;
                if (nameOffset + nameLength > extEnd) return Fail("sender name runs past the extension", out problem);
                if (rate <= 0 || channels <= 0) return Fail("zero rate or channels in the format extension", out problem);
            }
            offset = extEnd;
        }
        if (padding)
        {
            int pad = data[^1];
            if (pad == 0 || offset + pad > end) return Fail("bad padding", out problem);
            end -= pad;
        }
        int length = end - offset;
        if (length == 0 || length % 2 != 0) return Fail("payload is not whole 16-bit samples", out problem);
        packet = new RtpPacket((data[1] & 0x80) != 0, (byte)(data[1] & 0x7F), BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]), BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            rate, channels, nameOffset, nameLength, offset, length);
        return true;
    }

    /// <summary>The sender's name from the format extension, or null.</summary>
    public string? Name(ReadOnlySpan<byte> data) => NameLength == 0 ? null : Encoding.UTF8.GetString(data.Slice(NameOffset, NameLength));

    /// <summary>Bytes of the header our senders write (fixed header + format extension with the name).</summary>
    public static int HeaderSize(int nameBytes) => FixedHeader + 4 + 8 + (nameBytes + 3) / 4 * 4;

    /// <summary>Writes the header (with the format extension) into <paramref name="destination"/>; returns its size.
    /// <paramref name="name"/> is UTF-8, at most <see cref="MaxNameBytes"/>.</summary>
    public static int WriteHeader(Span<byte> destination, bool marker, ushort sequence, uint timestamp, uint ssrc,
        int sampleRate, int channels, ReadOnlySpan<byte> name)
    {
        if (name.Length > MaxNameBytes) name = name[..MaxNameBytes];
        int size = HeaderSize(name.Length);
        destination[..size].Clear();
        destination[0] = 0x80 | 0x10; // version 2, extension
        destination[1] = (byte)((marker ? 0x80 : 0) | L16PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], FormatExtensionProfile);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)((size - FixedHeader - 4) / 4));
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt16BigEndian(destination[20..], (ushort)channels);
        destination[22] = (byte)name.Length;
        name.CopyTo(destination[24..]);
        return size;
    }

    /// <summary>Writes 16-bit samples as big-endian L16.</summary>
    public static void WriteL16(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        for (int i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16BigEndian(destination[(2 * i)..], samples[i]);
    }

    /// <summary>Reads big-endian L16 into 16-bit samples.</summary>
    public static void ReadL16(ReadOnlySpan<byte> payload, Span<short> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadInt16BigEndian(payload[(2 * i)..]);
    }

    private static bool Fail(string why, out string? problem)
    {
        problem = why;
        return false;
    }
}
