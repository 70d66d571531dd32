using System.Text;
using AcousticAnomaly.Network;
using Xunit;

namespace AcousticAnomaly.Tests.Network;

public sealed class RtpPacketTests
{
    private static byte[] Packet(string name = "pump7", params short[] samples)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[RtpPacket.HeaderSize(nameBytes.Length) + 2 * samples.Length];
        int header = RtpPacket.WriteHeader(data, true, 65535, 0xDEADBEEF, 0x01020304, 16000, 1, nameBytes);
        RtpPacket.WriteL16(samples, data.AsSpan(header));
        return data;
    }

    [Fact]
    public void OurHeaderRoundTripsWithFormatNameAndBigEndianSamples()
    {
        var data = Packet("pump7", 1, -2, 0x1234);
        Assert.True(RtpPacket.TryParse(data, out var p, out var problem), problem);
        Assert.Equal((true, (byte)96, (ushort)65535, 0xDEADBEEFu, 0x01020304u, 16000, 1), (p.Marker, p.PayloadType, p.Sequence, p.Timestamp, p.Ssrc, p.SampleRate, p.Channels));
        Assert.Equal("pump7", p.Name(data));
        Assert.Equal(6, p.PayloadLength);
        Assert.Equal(new byte[] { 0x12, 0x34 }, data[^2..]); // L16 is big-endian (RFC 3551)
        var samples = new short[3];
        RtpPacket.ReadL16(data.AsSpan(p.PayloadOffset, p.PayloadLength), samples);
        Assert.Equal(new short[] { 1, -2, 0x1234 }, samples);
    }

    [Fact]
    public void APlainRtpPacketWithCsrcsAndPaddingFromAForeignSenderParses()
    {
        // V=2, P=1, CC=1, PT 11 (L16 mono), then one CSRC, 4 payload bytes and 2 bytes of padding.
        var data = new byte[] { 0xA1, 11, 0, 5, 0, 0, 0, 9, 0, 0, 0, 7, 1, 2, 3, 4, 0, 1, 0, 2, 0, 2 };
        Assert.True(RtpPacket.TryParse(data, out var p, out _));
        Assert.Equal((0, 0, null, 16, 4), (p.SampleRate, p.Channels, p.Name(data), p.PayloadOffset, p.PayloadLength));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 96, 0, 1 }, "shorter than an RTP header")]
    [InlineData(new byte[] { 0x40, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 }, "not RTP version 2")]
    [InlineData(new byte[] { 0x8F, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 }, "CSRC list runs past the end")]
    [InlineData(new byte[] { 0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA, 0x16, 0, 9, 0, 0 }, "header extension runs past the end")]
    [InlineData(new byte[] { 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 }, "payload is not whole 16-bit samples")]
    [InlineData(new byte[] { 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, "payload is not whole 16-bit samples")]
    [InlineData(new byte[] { 0xA0, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 40 }, "bad padding")]
    public void MalformedPacketsAreRejectedWithTheReason(byte[] data, string reason)
    {
        Assert.False(RtpPacket.TryParse(data, out _, out var problem));
        Assert.Equal(reason, problem);
    }

    [Fact]
    public void EveryTruncationOfAGoodPacketIsRejectedOrParsedWithoutThrowing()
    {
        var data = Packet("a-rather-long-sender-name", 1, 2, 3, 4);
        for (int n = 0; n < data.Length; n++) RtpPacket.TryParse(data.AsSpan(0, n), out _, out _);
    }

    [Theory]
    [InlineData("127.0.0.1:5004", "127.0.0.1", 5004)]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("localhost", "localhost", 5004)]
    public void EndpointsSplitIntoHostAndPort(string text, string host, int port)
    {
        Assert.Equal((host, port), NetworkEndpoint.Split(text, 5004));
    }

    [Theory]
    [InlineData("host:0")]
    [InlineData("host:99999")]
    [InlineData(":5004")]
    public void BadEndpointsNameTheText(string text)
    {
        var ex = Assert.Throws<FormatException>(() => NetworkEndpoint.Split(text, 5004));
        Assert.Contains(text, ex.Message);
    }

    [Fact]
    public void AddressRangesMatchByPrefix()
    {
        var range = AddressRange.Parse("10.1.0.0/16");
        Assert.True(range.Contains(System.Net.IPAddress.Parse("10.1.200.3")));
        Assert.False(range.Contains(System.Net.IPAddress.Parse("10.2.0.1")));
        Assert.True(AddressRange.Parse("127.0.0.1").Contains(System.Net.IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.Throws<FormatException>(() => AddressRange.Parse("10.0.0.0/40"));
    }
}
