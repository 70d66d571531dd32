using System.Net;
using System.Net.Sockets;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Network;
using AcousticAnomaly.Tests.Datasets;
using Xunit;

namespace AcousticAnomaly.Tests.Network;

/// <summary>
/// Issue 15 item 13: a file is sent as it is read (packet by packet, memory flat at any length) and the packets are the
/// ones sending the file read whole gave: every packet full but the last, the file's samples in order, none lost.
/// </summary>
public sealed class RtpSenderFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();


    [Theory]
    [InlineData(16000, 2, 33_331)] // ends mid-packet
    [InlineData(8000, 1, 16_000)]  // ends on a packet boundary
    public async Task AFileIsSentBlockByBlockAsTheWholeFile(int rate, int channels, int frames)
    {
        string path = _dir[$"send{rate}-{channels}.wav"];
        FlacTestSupport.WriteWav(path, FlacTestSupport.Signal(frames, channels, 16, seed: 3), rate, channels);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 22 };
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var options = new RtpSenderOptions { Destination = (IPEndPoint)listener.LocalEndPoint!, Speed = 20, ReplyLinger = TimeSpan.Zero };
        using (var sender = RtpSender.SendFile(path, options))
            await sender.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        int perPacket = (int)Math.Round(options.PacketDuration.TotalSeconds * rate);
        var received = new List<short>();
        var sizes = new List<int>();
        var datagram = new byte[65536];
        while (listener.Available > 0)
        {
            int n = listener.Receive(datagram);
            Assert.True(RtpPacket.TryParse(datagram.AsSpan(0, n), out var packet, out var problem), problem);
            var samples = new short[packet.PayloadLength / 2];
            RtpPacket.ReadL16(datagram.AsSpan(packet.PayloadOffset, packet.PayloadLength), samples);
            received.AddRange(samples);
            sizes.Add(samples.Length / channels);
        }

        var whole = AudioFile.ReadAll(path).Samples
            .Select(v => (short)Math.Clamp(MathF.Round(v * 32768f), short.MinValue, short.MaxValue));
        Assert.Equal(whole, received);
        Assert.All(sizes.SkipLast(1), s => Assert.Equal(perPacket, s));
        Assert.Equal((frames + perPacket - 1) / perPacket, sizes.Count);
    }
}
