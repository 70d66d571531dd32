using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace AcousticAnomaly.Network;

/// <summary>
/// Receives RTP L16 audio from any number of senders on one UDP port; each sender (told apart by its address and
/// SSRC) becomes an <see cref="RtpStreamSource"/> that is consumed like a captured device. One thread receives into one
/// fixed buffer; malformed, oversized, foreign-format and unwelcome packets are counted and dropped. Memory is bounded:
/// at most <see cref="RtpListenerOptions.MaxStreams"/> streams, each with a fixed jitter ring and a bounded block queue.
/// </summary>
public sealed class RtpListener : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly Socket _socket;
    private readonly RtpListenerOptions _options;
    private readonly Dictionary<(uint Ssrc, SocketAddress Address), RtpStreamSource> _active = new();
    private readonly Channel<RtpStreamSource> _streams = Channel.CreateUnbounded<RtpStreamSource>(new UnboundedChannelOptions { SingleWriter = true });
    private volatile bool _stopping;
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _sendGate = new();
    private long _packets, _malformed, _oversized, _rejected, _wrongFormat, _overLimit;
    private readonly List<(RtpStreamSource Stream, string Why)> _ending = new();

    private RtpListener(RtpListenerOptions options, Socket socket)
    {
        _options = options;
        _socket = socket;
        LocalEndpoint = (IPEndPoint)socket.LocalEndPoint!;
        _thread = new Thread(Run) { IsBackground = true, Name = $"rtp listener {LocalEndpoint}" };
    }

    /// <summary>Binds the port and starts receiving; a port in use or a bad address throws <see cref="SocketException"/>.</summary>
    public static RtpListener Start(RtpListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var socket = new Socket(options.Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // A larger kernel buffer absorbs bursts from many senders while the thread is descheduled.
            socket.ReceiveBufferSize = 4 << 20;
            socket.Bind(options.Endpoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var listener = new RtpListener(options, socket);
        listener._thread.Start();
        return listener;
    }

    /// <summary>Where it listens (the port actually bound when 0 was asked).</summary>
    public IPEndPoint LocalEndpoint { get; }

    /// <summary>Each new sender's stream, as it starts. Completes when the listener stops.</summary>
    public ChannelReader<RtpStreamSource> Streams => _streams.Reader;

    /// <summary>The listener's counters right now.</summary>
    public RtpListenerStatistics Statistics => new(Interlocked.Read(ref _packets), Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _oversized), Interlocked.Read(ref _rejected), Interlocked.Read(ref _wrongFormat),
        Interlocked.Read(ref _overLimit));

    /// <summary>Stops receiving: every stream delivers what it holds and ends, then <see cref="Streams"/> completes.</summary>
    public void RequestStop() => _stopping = true;

    /// <summary>Stops and waits for the receive thread.</summary>
    public void Dispose()
    {
        RequestStop();
        if (Thread.CurrentThread != _thread && _thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Runs <paramref name="consume"/> on each stream as it starts and completes when the listener has stopped and
    /// every consumer has finished. With <paramref name="stopWhenIdle"/> (a watch or recording with a duration) the
    /// listener stops once no stream is left running: every sender that came has reached the duration or gone quiet.
    /// </summary>
    public async Task ServeAsync(Func<RtpStreamSource, Task> consume, bool stopWhenIdle)
    {
        ArgumentNullException.ThrowIfNull(consume);
        var running = new List<Task>();
        int open = 0;
        await foreach (var stream in Streams.ReadAllAsync().ConfigureAwait(false))
        {
            Interlocked.Increment(ref open);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await consume(stream).ConfigureAwait(false);
                }
                finally
                {
                    if (Interlocked.Decrement(ref open) == 0 && stopWhenIdle) RequestStop();
                }
            }));
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    internal void EndStream(RtpStreamSource stream, string why)
    {
        lock (_ending) _ending.Add((stream, why));
    }

    internal void SendTo(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        lock (_sendGate)
        {
            try
            {
                _socket.SendTo(datagram, SocketFlags.None, destination);
            }
            catch (SocketException)
            {
                // A sender that went away (ICMP port unreachable): replies are best effort, audio goes on.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void Run()
    {
        var buffer = new byte[_options.MaxPacketBytes + 1]; // one byte more tells an oversized datagram
        var from = new SocketAddress(_socket.AddressFamily);
        long timeoutTicks = (long)(_options.StreamTimeout.TotalSeconds * Stopwatch.Frequency);
        long nextSweep = 0;
        try
        {
            while (!_stopping)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= nextSweep)
                {
                    Sweep(now, timeoutTicks);
                    nextSweep = now + Stopwatch.Frequency / 10;
                }
                if (!_socket.Poll(PollInterval, SelectMode.SelectRead)) continue;
                int length;
                try
                {
                    length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
                }
                catch (SocketException)
                {
                    continue; // ICMP errors from an earlier reply surface here on some systems
                }
                Interlocked.Increment(ref _packets);
                Handle(buffer.AsSpan(0, length), from, now);
            }
        }
        finally
        {
            foreach (var stream in _active.Values) stream.Complete("stopped", lost: false);
            _active.Clear();
            lock (_ending)
            {
                foreach (var (stream, _) in _ending) stream.Complete("stopped", lost: false);
                _ending.Clear();
            }
            _streams.Writer.TryComplete();
            lock (_sendGate) _socket.Dispose();
        }
    }

    private void Handle(ReadOnlySpan<byte> datagram, SocketAddress from, long now)
    {
        if (datagram.Length > _options.MaxPacketBytes)
        {
            Interlocked.Increment(ref _oversized);
            return;
        }
        if (!RtpPacket.TryParse(datagram, out var packet, out _))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }
        var capture = _options.Capture;
        if (packet.SampleRate != 0 && (packet.SampleRate != capture.SampleRate || packet.Channels != capture.Channels)
            || packet.PayloadLength % (2 * capture.Channels) != 0)
        {
            Interlocked.Increment(ref _wrongFormat);
            return;
        }
        if (!_active.TryGetValue((packet.Ssrc, from), out var stream))
        {
            stream = Open(packet, datagram, from);
            if (stream is null) return;
        }
        stream.LastPacketTicks = now;
        // A stream its consumer has finished with (its duration reached) ignores its sender until it goes quiet, so a
        // sender that keeps on does not start a new stream at once.
        if (!stream.IsCompleted) stream.Receive(packet, datagram);
    }

    private RtpStreamSource? Open(in RtpPacket packet, ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var sender = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from);
        if (_options.AllowFrom.Count > 0 && !_options.AllowFrom.Any(r => r.Contains(sender.Address)))
        {
            Interlocked.Increment(ref _rejected);
            return null;
        }
        if (_active.Count >= _options.MaxStreams)
        {
            Interlocked.Increment(ref _overLimit);
            return null;
        }
        var key = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(key.Buffer.Span);
        string name = packet.Name(datagram) is { Length: > 0 } n ? n : $"{sender}/{packet.Ssrc:x8}";
        var stream = new RtpStreamSource(this, name, sender, packet.Ssrc, _options);
        _active.Add((packet.Ssrc, key), stream);
        _streams.Writer.TryWrite(stream);
        return stream;
    }

    /// <summary>Ends streams whose sender went quiet or whose consumer asked to stop.</summary>
    private void Sweep(long now, long timeoutTicks)
    {
        List<(RtpStreamSource, string, bool)>? ended = null;
        foreach (var (key, stream) in _active)
        {
            if (now - stream.LastPacketTicks > timeoutTicks)
            {
                (ended ??= new()).Add((stream, $"sent nothing for {_options.StreamTimeout.TotalSeconds:0.#} s", true));
            }
        }
        lock (_ending)
        {
            foreach (var (stream, why) in _ending) stream.Complete(why, lost: false);
            _ending.Clear();
        }
        if (ended is null) return;
        foreach (var (stream, why, lost) in ended)
        {
            var key = _active.FirstOrDefault(kv => kv.Value == stream).Key;
            if (key.Address is not null) _active.Remove(key);
            stream.Complete(why, lost);
        }
    }
}

/// <summary>A listener's counters: every datagram is a packet, and at most one of the other counters.</summary>
/// <param name="Packets">Datagrams received.</param>
/// <param name="Malformed">Not well-formed RTP L16 (dropped).</param>
/// <param name="Oversized">Larger than the packet limit (dropped).</param>
/// <param name="Rejected">From a sender outside -AllowFrom (dropped).</param>
/// <param name="WrongFormat">In another rate or channel count than the listener's (dropped).</param>
/// <param name="OverStreamLimit">From a new sender while the stream limit was reached (dropped).</param>
public sealed record RtpListenerStatistics(long Packets, long Malformed, long Oversized, long Rejected, long WrongFormat,
    long OverStreamLimit);
