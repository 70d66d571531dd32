using AcousticAnomaly.Network;
using Xunit;

namespace AcousticAnomaly.Tests.Network;

public sealed class RtpJitterBufferTests
{
    private const int Frames = 4; // frames per packet; mono L16 = 8 bytes

    /// <summary>Records what the buffer delivers: (frame index, first sample) for audio, (frame index, -frames) for loss.</summary>
    private sealed class Sink : IRtpAudioSink
    {
        public List<(long Frame, int Value)> Out { get; } = new();
        public void Audio(long frameIndex, ReadOnlySpan<byte> payload) => Out.Add((frameIndex, payload[1]));
        public void Lost(long frameIndex, long frames) => Out.Add((frameIndex, (int)-frames));
    }

    private static byte[] Payload(int packet)
    {
        var p = new byte[2 * Frames];
        p[1] = (byte)packet; // big-endian: the sample's low byte tells the packets apart
        return p;
    }

    private static (RtpJitterBuffer Buffer, Sink Sink) Feed(ushort firstSeq, uint firstTs, params int[] order)
    {
        var buffer = new RtpJitterBuffer(depth: 4, maxPayloadBytes: 64, bytesPerFrame: 2);
        var sink = new Sink();
        foreach (int i in order) buffer.Push((ushort)(firstSeq + i), firstTs + (uint)(i * Frames), Payload(i), sink);
        return (buffer, sink);
    }

    [Fact]
    public void InOrderPacketsComeOutAtOnceOnTheirFrames()
    {
        var (b, s) = Feed(100, 5000, 0, 1, 2);
        Assert.Equal(new[] { (0L, 0), (4L, 1), (8L, 2) }, s.Out);
        Assert.Equal(0, b.PacketsLost + b.Reordered + b.Duplicates);
    }

    [Fact]
    public void ReorderedPacketsWithinTheBufferArePutBackInOrder()
    {
        var (b, s) = Feed(7, 0, 0, 2, 1, 3);
        Assert.Equal(new[] { (0L, 0), (4L, 1), (8L, 2), (12L, 3) }, s.Out);
        Assert.Equal(0, b.PacketsLost);
        Assert.True(b.Reordered >= 1);
    }

    [Fact]
    public void AMissingPacketIsGivenUpOnceTheBufferIsFullAndItsFramesAreLost()
    {
        var (b, s) = Feed(1, 0, 0, 2, 3, 4, 5);
        Assert.Equal(new[] { (0L, 0), (4L, -Frames), (8L, 2), (12L, 3), (16L, 4), (20L, 5) }, s.Out);
        Assert.Equal(1, b.PacketsLost);
    }

    [Fact]
    public void DuplicatesAreDroppedHeldOrDelivered()
    {
        var (b, s) = Feed(1, 0, 0, 0, 2, 2, 1, 1);
        Assert.Equal(new[] { (0L, 0), (4L, 1), (8L, 2) }, s.Out);
        Assert.Equal(3, b.Duplicates);
        Assert.Equal(0, b.Late);
    }

    [Fact]
    public void APacketArrivingAfterItWasGivenUpIsLateAndDropped()
    {
        var (b, s) = Feed(1, 0, 0, 2, 3, 4, 5, 1);
        Assert.Equal(1, b.Late);
        Assert.DoesNotContain(s.Out, o => o.Value == 1);
    }

    [Fact]
    public void SequenceAndTimestampWrapAroundAreSeamless()
    {
        var (b, s) = Feed(65534, uint.MaxValue - 5, 0, 1, 2, 3);
        Assert.Equal(new[] { (0L, 0), (4L, 1), (8L, 2), (12L, 3) }, s.Out);
        Assert.Equal(0, b.PacketsLost + b.Resyncs);
    }

    [Fact]
    public void FlushDeliversWhatIsHeldAcrossTheGap()
    {
        var (b, s) = Feed(1, 0, 0, 2);
        Assert.Single(s.Out);
        b.Flush(s);
        Assert.Equal(new[] { (0L, 0), (4L, -Frames), (8L, 2) }, s.Out);
    }

    [Fact]
    public void AHugeSequenceJumpIsARestartNotLoss()
    {
        var buffer = new RtpJitterBuffer(4, 64, 2);
        var sink = new Sink();
        buffer.Push(10, 0, Payload(0), sink);
        buffer.Push(30000, 999999, Payload(1), sink);
        Assert.Equal(new[] { (0L, 0), (4L, 1) }, sink.Out);
        Assert.Equal(1, buffer.Resyncs);
        Assert.Equal(0, buffer.PacketsLost);
    }
}
