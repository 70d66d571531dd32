namespace AcousticAnomaly.Network;

/// <summary>Where a <see cref="RtpJitterBuffer"/> delivers one stream's audio, in order.</summary>
internal interface IRtpAudioSink
{
    /// <summary>L16 payload whose first frame is <paramref name="frameIndex"/> frames from the stream's start.</summary>
    void Audio(long frameIndex, ReadOnlySpan<byte> payload);

    /// <summary><paramref name="frames"/> frames starting at <paramref name="frameIndex"/> never arrived.</summary>
    void Lost(long frameIndex, long frames);
}

/// <summary>
/// Puts one RTP stream back in order: packets are held in a small ring (<see cref="Depth"/> packets) until the one
/// before them has come; a missing packet is given up once the ring is full (it is later than a jitter buffer's worth
/// of packets) and its frames, known from the RTP timestamps, are reported lost. Duplicates and packets arriving after
/// they were given up are dropped and counted. Fixed memory: the ring's buffers are allocated once.
/// </summary>
internal sealed class RtpJitterBuffer
{
    /// <summary>A sequence jump this large (about 20 s of 20 ms packets) is a sender restart, not loss.</summary>
    internal const int ResyncJump = 1000;

    private readonly byte[][] _data;
    private readonly int[] _length;
    private readonly long[] _seq;      // extended sequence number held in each slot, -1 = empty
    private readonly long[] _frame;
    private readonly int _bytesPerFrame;
    private long _next = -1;           // extended sequence number due next
    private long _nextFrame;           // frame index due next
    private long _highest = -1;        // highest extended sequence seen
    private long _highestTimestamp;    // its extended timestamp
    private long _timestampOrigin;     // extended timestamp of frame 0
    private ulong _delivered;          // bit i: sequence _next-1-i was delivered (tells duplicates from late packets)

    public RtpJitterBuffer(int depth, int maxPayloadBytes, int bytesPerFrame)
    {
        Depth = depth;
        _bytesPerFrame = bytesPerFrame;
        _data = new byte[depth][];
        for (int i = 0; i < depth; i++) _data[i] = new byte[maxPayloadBytes];
        _length = new int[depth];
        _seq = new long[depth];
        _frame = new long[depth];
        Array.Fill(_seq, -1);
    }

    public int Depth { get; }

    public long Duplicates { get; private set; }
    public long Late { get; private set; }
    public long Reordered { get; private set; }
    public long PacketsLost { get; private set; }
    public long Resyncs { get; private set; }

    /// <summary>Takes one packet's payload (at most the max payload size) and delivers whatever is now in order.</summary>
    public void Push(ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, IRtpAudioSink sink)
    {
        if (_highest < 0)
        {
            _highest = _next = sequence;
            _highestTimestamp = _timestampOrigin = timestamp;
        }
        long seq = _highest + (short)(ushort)(sequence - (ushort)_highest);
        long ts = _highestTimestamp + (int)(timestamp - (uint)_highestTimestamp);
        if (Math.Abs(seq - _highest) > ResyncJump)
        {
            // A restarted sender: flush what is held and go on from here, audio continuing at the next frame.
            Flush(sink);
            Resyncs++;
            _next = seq;
            _delivered = 0;
            _timestampOrigin = ts - _nextFrame;
        }
        if (seq > _highest)
        {
            if (seq != _highest + 1 && _highest >= _next) Reordered++; // a gap opened behind it
            _highest = seq;
            _highestTimestamp = ts;
        }
        else if (seq >= _next && seq < _highest && _seq[Slot(seq)] != seq)
        {
            Reordered++;
        }

        if (seq < _next)
        {
            long back = _next - 1 - seq;
            if (back < 64 && (_delivered & (1UL << (int)back)) != 0) Duplicates++;
            else Late++;
            return;
        }
        int slot = Slot(seq);
        if (_seq[slot] == seq)
        {
            Duplicates++;
            return;
        }
        // No room for it: give up the oldest missing packets until it fits.
        while (seq >= _next + Depth) Advance(sink);
        payload.CopyTo(_data[slot]);
        _length[slot] = payload.Length;
        _seq[slot] = seq;
        _frame[slot] = ts - _timestampOrigin;
        while (_seq[Slot(_next)] == _next) Advance(sink);
    }

    /// <summary>Delivers everything held, giving up the missing packets between (the stream went quiet).</summary>
    public void Flush(IRtpAudioSink sink)
    {
        while (_next <= _highest && _highest >= 0) Advance(sink);
    }

    private int Slot(long seq) => (int)(seq % Depth);

    /// <summary>Delivers the packet due next if held, else gives it up; either way moves on by one.</summary>
    private void Advance(IRtpAudioSink sink)
    {
        int slot = Slot(_next);
        bool held = _seq[slot] == _next;
        if (held)
        {
            long frame = _frame[slot];
            if (frame > _nextFrame) sink.Lost(_nextFrame, frame - _nextFrame);
            // A timestamp that goes backwards is a broken sender: its audio is placed right after the previous.
            frame = Math.Max(frame, _nextFrame);
            sink.Audio(frame, _data[slot].AsSpan(0, _length[slot]));
            _nextFrame = frame + _length[slot] / _bytesPerFrame;
            _seq[slot] = -1;
        }
        else
        {
            PacketsLost++;
        }
        _delivered = (_delivered << 1) | (held ? 1UL : 0UL);
        _next++;
    }
}
