using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Network;

/// <summary>
/// One sender's stream on an <see cref="RtpListener"/>, delivered like a captured device: blocks of the listener's
/// block size, in order, on one time line. Lost packets become silence counted in <see cref="AudioBlock.FramesConcealed"/>
/// (a gap longer than <see cref="RtpListenerOptions.MaxConcealed"/> is left as a gap in the frame index instead, which
/// consumers count the same way), so offsets and recordings stay true to the sender's clock. Fed only by the listener's
/// receive thread; a full queue drops the newest block and counts it, as a device does.
/// </summary>
public sealed class RtpStreamSource : IAudioSource, IRtpAudioSink
{
    private readonly RtpListener _listener;
    private readonly RtpJitterBuffer _jitter;
    private readonly AudioBlockPool _pool;
    private readonly Channel<AudioBlock> _blocks;
    private readonly Channel<CaptureStatus> _statuses;
    private readonly int _framesPerBlock, _channels, _rate;
    private readonly long _maxConcealed;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _wallAtStart = DateTimeOffset.UtcNow;
    private AudioBlock? _current;
    private int _filled;           // frames written into _current
    private long _blockStart;      // frame index of _current's first frame
    private long _framesReceived, _framesLost, _dropped;
    private int _stopped;

    internal RtpStreamSource(RtpListener listener, string name, IPEndPoint sender, uint ssrc, RtpListenerOptions options)
    {
        _listener = listener;
        Name = name;
        Sender = sender;
        Ssrc = ssrc;
        _rate = options.Capture.SampleRate;
        _channels = options.Capture.Channels;
        _framesPerBlock = options.Capture.FramesPerBlock;
        _maxConcealed = (long)(options.MaxConcealed.TotalSeconds * _rate);
        _jitter = new RtpJitterBuffer(options.JitterPackets, options.MaxPacketBytes, 2 * _channels);
        _pool = new AudioBlockPool(_framesPerBlock * _channels, CaptureSampleFormat.Int16);
        _blocks = Channel.CreateBounded<AudioBlock>(
            new BoundedChannelOptions(options.Capture.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleWriter = true },
            dropped =>
            {
                Interlocked.Add(ref _dropped, dropped.Frames);
                _pool.Return(dropped);
            });
        _statuses = Channel.CreateBounded<CaptureStatus>(
            new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = false });
        Publish(CaptureState.Running, $"Sender {name} ({sender}, SSRC {ssrc:x8}) started streaming.");
    }

    /// <summary>The sender's name (from its packets, else its address and SSRC).</summary>
    public string Name { get; }

    /// <summary>Where the packets come from (and where replies go).</summary>
    public IPEndPoint Sender { get; }

    /// <summary>The stream's RTP synchronisation source.</summary>
    public uint Ssrc { get; }

    internal long LastPacketTicks { get; set; }

    /// <summary>The stream has ended (its queues are complete or completing).</summary>
    internal bool IsCompleted => Volatile.Read(ref _stopped) != 0;

    public ChannelReader<AudioBlock> Blocks => _blocks.Reader;

    public ChannelReader<CaptureStatus> StatusUpdates => _statuses.Reader;

    /// <summary>This stream's counters right now.</summary>
    public RtpStreamStatistics Statistics => new(Name, Sender.ToString(), Ssrc, Interlocked.Read(ref _framesReceived),
        Interlocked.Read(ref _framesLost), Interlocked.Read(ref _dropped), _jitter.PacketsLost, _jitter.Reordered,
        _jitter.Duplicates, _jitter.Late, _jitter.Resyncs);

    public void Recycle(AudioBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _pool.Return(block);
    }

    /// <summary>Stops this stream (its later packets start a new one).</summary>
    public void RequestStop() => _listener.EndStream(this, "stopped by its consumer");

    public void Dispose() => RequestStop();

    /// <summary>Sends a datagram back to the sender (results with -Reply).</summary>
    public void Reply(ReadOnlySpan<byte> datagram) => _listener.SendTo(datagram, Sender);

    internal void Receive(in RtpPacket packet, ReadOnlySpan<byte> datagram)
    {
        _jitter.Push(packet.Sequence, packet.Timestamp, datagram.Slice(packet.PayloadOffset, packet.PayloadLength), this);
    }

    /// <summary>Ends the stream: what the jitter buffer holds and the partial block are delivered, then the queues end.
    /// Called on the receive thread (or after it ended).</summary>
    internal void Complete(string why, bool lost)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _jitter.Flush(this);
        if (_current is not null && _filled > 0) Emit(_filled);
        if (lost) Publish(CaptureState.DeviceLost, $"Sender {Name} ({Sender}) {why}.");
        Publish(CaptureState.Stopped, $"Stream from {Name} ended.");
        _statuses.Writer.TryComplete();
        _blocks.Writer.TryComplete();
    }

    void IRtpAudioSink.Audio(long frameIndex, ReadOnlySpan<byte> payload)
    {
        int frames = payload.Length / (2 * _channels);
        Interlocked.Add(ref _framesReceived, frames);
        int pos = 0;
        while (pos < frames)
        {
            var block = CurrentBlock();
            int take = Math.Min(frames - pos, _framesPerBlock - _filled);
            RtpPacket.ReadL16(payload.Slice(2 * _channels * pos, 2 * _channels * take),
                block.Int16Samples.AsSpan(_filled * _channels, take * _channels));
            _filled += take;
            pos += take;
            if (_filled == _framesPerBlock) Emit(_framesPerBlock);
        }
    }

    void IRtpAudioSink.Lost(long frameIndex, long frames)
    {
        Interlocked.Add(ref _framesLost, frames);
        if (frames > _maxConcealed)
        {
            // Too long to fill: finish the current block with silence, leave whole blocks as a gap in the frame index,
            // and fill only up to the next packet inside its block.
            if (_current is not null) Conceal(_framesPerBlock - _filled);
            long resume = frameIndex + frames;
            _blockStart = resume - resume % _framesPerBlock;
            Conceal((int)(resume - _blockStart));
            return;
        }
        while (frames > 0)
        {
            int take = (int)Math.Min(frames, _framesPerBlock - _filled);
            Conceal(take);
            frames -= take;
        }
    }

    private void Conceal(int frames)
    {
        if (frames <= 0) return;
        var block = CurrentBlock();
        block.Int16Samples.AsSpan(_filled * _channels, frames * _channels).Clear();
        block.FramesConcealed += frames;
        _filled += frames;
        if (_filled == _framesPerBlock) Emit(_framesPerBlock);
    }

    /// <summary>The block being filled; the jitter buffer reports every gap first, so audio always continues at
    /// <c>_blockStart + _filled</c>.</summary>
    private AudioBlock CurrentBlock()
    {
        if (_current is null)
        {
            _current = _pool.Rent();
            _current.FramesConcealed = 0;
            _filled = 0;
        }
        return _current;
    }

    private void Emit(int frames)
    {
        var block = _current!;
        int concealed = block.FramesConcealed;
        var now = _wallAtStart + _clock.Elapsed;
        block.Stamp(Name, _blockStart, frames, _channels, _rate, now - TimeSpan.FromSeconds(frames / (double)_rate), false);
        block.FramesConcealed = concealed;
        _blocks.Writer.TryWrite(block);
        _current = null;
        _blockStart += frames;
        _filled = 0;
    }

    private void Publish(CaptureState state, string message)
    {
        _statuses.Writer.TryWrite(new CaptureStatus(Name, state, _wallAtStart + _clock.Elapsed, _blockStart + _filled,
            0, message, null));
    }
}

/// <summary>One network stream's counters.</summary>
/// <param name="Name">The sender's name.</param>
/// <param name="Sender">Its address and port.</param>
/// <param name="Ssrc">Its RTP synchronisation source.</param>
/// <param name="FramesReceived">Frames that arrived and were delivered.</param>
/// <param name="FramesLost">Frames that never arrived (filled with silence or left as a gap).</param>
/// <param name="FramesDropped">Frames dropped because the consumer's queue was full.</param>
/// <param name="PacketsLost">Packets given up as lost.</param>
/// <param name="PacketsReordered">Packets that arrived out of order (put back in order when within the jitter buffer).</param>
/// <param name="Duplicates">Duplicate packets dropped.</param>
/// <param name="Late">Packets that came after they had been given up (dropped).</param>
/// <param name="Resyncs">Sequence jumps taken as a sender restart.</param>
public sealed record RtpStreamStatistics(string Name, string Sender, uint Ssrc, long FramesReceived, long FramesLost,
    long FramesDropped, long PacketsLost, long PacketsReordered, long Duplicates, long Late, long Resyncs);
