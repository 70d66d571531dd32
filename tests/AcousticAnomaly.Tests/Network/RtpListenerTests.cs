using System.Net;
using System.Net.Sockets;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Network;
using Xunit;

namespace AcousticAnomaly.Tests.Network;

/// <summary>Real UDP on loopback: packets written by hand, so loss, reordering, duplicates and garbage are exact.</summary>
public sealed class RtpListenerTests
{
    private const int PacketFrames = 160; // 10 ms at 16 kHz

    private static RtpListener Listen(params AddressRange[] allow) => RtpListener.Start(new RtpListenerOptions
    {
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        AllowFrom = allow,
        Capture = new CaptureOptions { FramesPerBlock = 320, QueueCapacity = 1024 },
        StreamTimeout = TimeSpan.FromMilliseconds(300),
    });

    /// <summary>Packet <paramref name="i"/> of a stream: every sample is i + 1.</summary>
    private static byte[] Packet(uint ssrc, int i, string name = "")
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var data = new byte[RtpPacket.HeaderSize(nameBytes.Length) + 2 * PacketFrames];
        int header = RtpPacket.WriteHeader(data, i == 0, (ushort)(60000 + i), (uint)(i * PacketFrames), ssrc, 16000, 1, nameBytes);
        RtpPacket.WriteL16(Enumerable.Repeat((short)(i + 1), PacketFrames).ToArray(), data.AsSpan(header));
        return data;
    }

    private static async Task<(List<short> Samples, long Concealed, long FrameGap)> ReadAll(IAudioSource source)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var samples = new List<short>();
        long concealed = 0, expected = 0, gap = 0;
        await foreach (var block in source.Blocks.ReadAllAsync(timeout.Token))
        {
            gap += block.FrameIndex - expected;
            expected = block.EndFrameIndex;
            samples.AddRange(block.Int16Samples!.Take(block.Frames));
            concealed += block.FramesConcealed;
            source.Recycle(block);
        }
        return (samples, concealed, gap);
    }

    [Fact]
    public async Task LossReorderingDuplicatesAndGarbageAreHandledAndCounted()
    {
        using var listener = Listen();
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        udp.Connect(listener.LocalEndpoint);
        var order = Enumerable.Range(0, 20).Where(i => i != 5).ToList();
        (order[7], order[8]) = (order[8], order[7]);   // 9 before 8
        order.Insert(12, 11);                           // 11 twice
        foreach (int i in order) udp.Send(Packet(42, i, "pump7"));
        udp.Send(new byte[] { 1, 2, 3 });                // not RTP
        udp.Send(new byte[9000]);                        // over the 8192-byte limit
        udp.Send(Packet(42, 0).AsSpan(0, 13).ToArray()); // an odd byte of payload

        var reader = listener.Streams;
        var stream = await reader.ReadAsync();
        var (samples, concealed, gap) = await ReadAll(stream);

        Assert.Equal("pump7", stream.Name);
        Assert.Equal(20 * PacketFrames, samples.Count);  // time stays true: the lost packet is silence
        Assert.Equal(PacketFrames, concealed);
        Assert.Equal(0, gap);
        var expected = Enumerable.Range(0, 20).SelectMany(i => Enumerable.Repeat((short)(i == 5 ? 0 : i + 1), PacketFrames));
        Assert.Equal(expected, samples);
        var s = ((RtpStreamSource)stream).Statistics;
        Assert.Equal((1L, 1L, (long)PacketFrames), (s.PacketsLost, s.Duplicates, s.FramesLost));
        Assert.True(s.PacketsReordered >= 1);
        var l = listener.Statistics;
        Assert.Equal((2L, 1L), (l.Malformed, l.Oversized));
    }

    [Fact]
    public async Task SeveralSendersAreSeparateStreamsAndAQuietOneIsReportedThenReturnsAsANewStream()
    {
        using var listener = Listen();
        using var a = new UdpClient(AddressFamily.InterNetwork);
        using var b = new UdpClient(AddressFamily.InterNetwork);
        a.Connect(listener.LocalEndpoint);
        b.Connect(listener.LocalEndpoint);
        for (int i = 0; i < 4; i++)
        {
            a.Send(Packet(1, i));
            b.Send(Packet(1, i)); // the same SSRC from another port is another sender
        }
        var first = await listener.Streams.ReadAsync();
        var second = await listener.Streams.ReadAsync();
        Assert.NotEqual(first.Name, second.Name);
        Assert.Equal(4 * PacketFrames, (await ReadAll(first)).Samples.Count);
        Assert.Equal(4 * PacketFrames, (await ReadAll(second)).Samples.Count);
        var statuses = new List<CaptureStatus>();
        await foreach (var st in first.StatusUpdates.ReadAllAsync()) statuses.Add(st);
        Assert.Contains(statuses, st => st.State == CaptureState.DeviceLost && st.Message.Contains("sent nothing"));

        a.Send(Packet(1, 10));
        var again = await listener.Streams.ReadAsync();
        Assert.Equal(first.Name, again.Name);
        Assert.Equal(PacketFrames, (await ReadAll(again)).Samples.Count);
    }

    [Fact]
    public async Task SendersOutsideAllowFromAndInAnotherFormatAreDropped()
    {
        using var listener = Listen(AddressRange.Parse("10.0.0.0/8"));
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        udp.Connect(listener.LocalEndpoint);
        udp.Send(Packet(5, 0));
        using var open = Listen();
        var stereo = Packet(5, 0);
        stereo[21] = 2; // the format extension says 2 channels
        udp.Connect(open.LocalEndpoint);
        udp.Send(stereo);
        await Task.Delay(300);
        Assert.Equal(1, listener.Statistics.Rejected);
        Assert.Equal(1, open.Statistics.WrongFormat);
        Assert.False(listener.Streams.TryRead(out _));
        Assert.False(open.Streams.TryRead(out _));
    }
}
