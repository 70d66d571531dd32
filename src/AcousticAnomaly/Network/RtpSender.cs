using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Network;

/// <summary>
/// Streams audio to an <see cref="RtpListener"/> as RTP L16 in small packets: a microphone as it is captured, or a
/// file paced at real time (for replays and tests). The same socket hears the results a watcher sends back with
/// -Reply; they come out of <see cref="Replies"/>. The service behind Send-AudioStream and `acoustic-anomaly send`.
/// </summary>
public sealed class RtpSender : IDisposable
{
    private readonly Socket _socket;
    private readonly RtpSenderOptions _options;
    private readonly byte[] _name;
    private readonly int _rate, _channels, _framesPerPacket;
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly Channel<AnomalyEventMessage> _replies = Channel.CreateBounded<AnomalyEventMessage>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _packet;
    private readonly Task _sending;
    private readonly Task _receiving;
    private ushort _sequence = (ushort)Random.Shared.Next(65536);
    private uint _timestamp = (uint)Random.Shared.NextInt64(uint.MaxValue);
    private long _packetsSent, _framesSent, _packetsDropped, _replyCount, _badReplies;

    private RtpSender(RtpSenderOptions options, string name, int rate, int channels, Func<RtpSender, CancellationToken, Task> produce)
    {
        _options = options;
        _rate = rate;
        _channels = channels;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        _name = nameBytes.Length <= RtpPacket.MaxNameBytes ? nameBytes : nameBytes[..RtpPacket.MaxNameBytes];
        Name = name;
        _framesPerPacket = Math.Max(1, (int)Math.Round(options.PacketDuration.TotalSeconds * rate));
        _packet = new byte[RtpPacket.HeaderSize(_name.Length) + 2 * channels * _framesPerPacket];
        _socket = new Socket(options.Destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(options.Destination); // replies are accepted only from the listener
        _receiving = Task.Factory.StartNew(ReceiveReplies, TaskCreationOptions.LongRunning);
        _sending = Task.Run(async () =>
        {
            try
            {
                await produce(this, _stop.Token).ConfigureAwait(false);
                if (!_stop.IsCancellationRequested) await Task.Delay(options.ReplyLinger, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _stop.Cancel();
                await _receiving.ConfigureAwait(false);
                _socket.Dispose();
                _replies.Writer.TryComplete();
            }
        });
    }

    /// <summary>Sends a file (WAV or FLAC) at its own rate and channels, paced at <see cref="RtpSenderOptions.Speed"/>
    /// times real time, read packet by packet as it goes (memory flat at any length, issue 15 item 13). A file that cannot
    /// be opened throws <see cref="AudioFileException"/> here; corrupt data further in ends <see cref="Completion"/> with it.</summary>
    public static RtpSender SendFile(string path, RtpSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var reader = AudioFile.Open(path);
        try
        {
            string name = options.Name ?? $"{Environment.MachineName}/{Path.GetFileNameWithoutExtension(path)}";
            return new RtpSender(options, name, reader.Format.SampleRate, reader.Format.Channels, (s, token) => s.SendFileAsync(reader, token));
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Captures <paramref name="device"/> and sends it as it arrives. An unknown or busy device throws
    /// <see cref="AudioDeviceException"/> here.</summary>
    public static RtpSender SendDevice(string device, CaptureOptions capture, RtpSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var session = CaptureSession.Start(device, capture with { SampleFormat = CaptureSampleFormat.Int16 });
        string name = options.Name ?? $"{Environment.MachineName}/{session.Device.Name}";
        return new RtpSender(options, name, capture.SampleRate, capture.Channels, (s, token) => s.SendDeviceAsync(session, token));
    }

    /// <summary>The stream's name as the listener sees it.</summary>
    public string Name { get; }

    /// <summary>Results the watcher sent back (with -Reply). Completes when sending has ended and the linger passed.</summary>
    public ChannelReader<AnomalyEventMessage> Replies => _replies.Reader;

    /// <summary>Completes when the sender has stopped.</summary>
    public Task Completion => _sending;

    /// <summary>Why sending ended early, once it has ended: e.g. <see cref="AudioFileException"/> for corrupt data met
    /// part way through a file (it is read as it is sent); null when it ended normally or was stopped.</summary>
    public Exception? Failure => _sending.IsFaulted ? _sending.Exception!.GetBaseException() : null;

    /// <summary>The counters right now.</summary>
    public RtpSenderStatistics Statistics => new(Name, _options.Destination.ToString(), _ssrc, Interlocked.Read(ref _packetsSent),
        Interlocked.Read(ref _framesSent), Interlocked.Read(ref _packetsDropped), Interlocked.Read(ref _replyCount),
        Interlocked.Read(ref _badReplies));

    /// <summary>Stops sending (and listening for replies) without waiting.</summary>
    public void Stop() => _stop.Cancel();

    public void Dispose()
    {
        Stop();
        try
        {
            _sending.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task SendFileAsync(IAudioReader reader, CancellationToken token)
    {
        using var _ = reader;
        var block = new float[_framesPerPacket * _channels];
        var samples = new short[block.Length];
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (!token.IsCancellationRequested)
        {
            // Every packet but the last is full, as when the file was read whole: short reads are topped up.
            int n = 0;
            for (int got; n < _framesPerPacket && (got = reader.Read(block.AsSpan(n * _channels))) > 0;) n += got;
            if (n == 0) break;
            var src = block.AsSpan(0, n * _channels);
            for (int i = 0; i < src.Length; i++) samples[i] = (short)Math.Clamp(MathF.Round(src[i] * 32768f), short.MinValue, short.MaxValue);
            Send(samples.AsSpan(0, n * _channels), sent == 0);
            sent += n;
            var due = TimeSpan.FromSeconds(sent / (double)_rate / _options.Speed);
            var ahead = due - clock.Elapsed;
            if (ahead > TimeSpan.FromMilliseconds(1)) await Task.Delay(ahead, token).ConfigureAwait(false);
        }
    }

    private async Task SendDeviceAsync(CaptureSession session, CancellationToken token)
    {
        using (session)
        using (token.Register(session.RequestStop))
        {
            await foreach (var block in session.Blocks.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var samples = block.Int16Samples.AsSpan(0, block.Frames * _channels);
                for (int pos = 0; pos < samples.Length; pos += _framesPerPacket * _channels)
                {
                    Send(samples.Slice(pos, Math.Min(_framesPerPacket * _channels, samples.Length - pos)), _packetsSent == 0);
                }
                session.Recycle(block);
            }
        }
    }

    private void Send(ReadOnlySpan<short> samples, bool first)
    {
        int header = RtpPacket.WriteHeader(_packet, first, _sequence, _timestamp, _ssrc, _rate, _channels, _name);
        RtpPacket.WriteL16(samples, _packet.AsSpan(header));
        int frames = samples.Length / _channels;
        long number = Interlocked.Increment(ref _packetsSent);
        if (_options.DropEvery > 0 && number % _options.DropEvery == 0)
        {
            Interlocked.Increment(ref _packetsDropped); // a simulated loss: numbered and timed, never sent
        }
        else
        {
            try
            {
                _socket.Send(_packet.AsSpan(0, header + 2 * samples.Length));
            }
            catch (SocketException)
            {
                // Nobody listening yet (ICMP port unreachable): a microphone keeps streaming regardless.
            }
        }
        _sequence++;
        _timestamp += (uint)frames;
        Interlocked.Add(ref _framesSent, frames);
    }

    private void ReceiveReplies()
    {
        var buffer = new byte[65536];
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (!_socket.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead)) continue;
                int n = _socket.Receive(buffer);
                if (AnomalyEventMessage.TryParse(buffer.AsSpan(0, n)) is { } message)
                {
                    Interlocked.Increment(ref _replyCount);
                    _replies.Writer.TryWrite(message);
                }
                else
                {
                    Interlocked.Increment(ref _badReplies);
                }
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send while no listener ran: keep listening.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }
}

/// <summary>A sender's counters.</summary>
/// <param name="Name">The stream's name.</param>
/// <param name="Destination">The listener.</param>
/// <param name="Ssrc">The stream's RTP synchronisation source.</param>
/// <param name="PacketsSent">Packets numbered (including simulated losses).</param>
/// <param name="FramesSent">Frames streamed.</param>
/// <param name="PacketsDropped">Packets skipped on purpose (<see cref="RtpSenderOptions.DropEvery"/>).</param>
/// <param name="Replies">Results received back.</param>
/// <param name="BadReplies">Datagrams received that were not results.</param>
public sealed record RtpSenderStatistics(string Name, string Destination, uint Ssrc, long PacketsSent, long FramesSent,
    long PacketsDropped, long Replies, long BadReplies);
