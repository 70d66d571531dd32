using System.Diagnostics;
using System.Threading.Channels;

namespace AcousticAnomaly.Capture;

/// <summary>
/// Captures one device on its own thread. The thread only reads blocks (PortAudio blocking stream: NULL callback,
/// Pa_ReadStream) and copies them into a bounded queue; a full queue drops the new block and counts its frames.
/// A failing device is reported, closed and reopened every <see cref="CaptureOptions.ReopenInterval"/> until the
/// session stops; the frame counter runs on through the outage so block indices stay on one time line.
/// </summary>
public sealed class CaptureSession : IAudioSource
{
    private readonly Channel<AudioBlock> _blocks;
    private readonly AudioBlockPool _pool;
    private readonly Channel<CaptureStatus> _statuses;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly StreamHandle _firstStream;
    private readonly PortAudioRuntime.Lease _lease;
    private readonly DateTimeOffset _wallAtStart = DateTimeOffset.UtcNow;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _captured, _overflows, _dropped, _lost;
    private int _outages;
    private volatile CaptureState _state = CaptureState.Running;

    private CaptureSession(AudioDeviceInfo device, CaptureOptions options, PortAudioRuntime.Lease lease, StreamHandle stream)
    {
        Device = device;
        Options = options;
        _lease = lease;
        _firstStream = stream;
        _pool = new AudioBlockPool(options.FramesPerBlock * options.Channels, options.SampleFormat);
        _blocks = Channel.CreateBounded<AudioBlock>(
            new BoundedChannelOptions(options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropWrite,
                SingleReader = false,
                SingleWriter = true,
            },
            dropped =>
            {
                Interlocked.Add(ref _dropped, dropped.Frames);
                _pool.Return(dropped);
            });
        // Status changes are rare; keep the newest if nobody reads them.
        _statuses = Channel.CreateBounded<CaptureStatus>(
            new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });
        _thread = new Thread(Run) { IsBackground = true, Name = $"capture {device.Name}" };
    }

    /// <summary>
    /// Opens <paramref name="device"/> (a name, wildcard or index, see <see cref="AudioDeviceCatalog.Resolve(string)"/>)
    /// and starts capturing. Errors (no such device, unsupported format, device busy) throw
    /// <see cref="AudioDeviceException"/> here, before any thread starts.
    /// </summary>
    public static CaptureSession Start(string device, CaptureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        options ??= new CaptureOptions();
        options.Validate();
        var lease = PortAudioRuntime.Acquire();
        try
        {
            var info = AudioDeviceCatalog.Resolve(device, AudioDeviceCatalog.ListInputs());
            AudioDeviceCatalog.EnsureSupported(info, options.SampleRate, options.Channels, options.SampleFormat);
            var stream = StreamHandle.Open(info, options);
            var session = new CaptureSession(info, options, lease, stream);
            session.Publish(CaptureState.Running, 0, 0, "Capture started.", null);
            session._thread.Start();
            return session;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>The device being captured.</summary>
    public AudioDeviceInfo Device { get; }

    /// <summary>The device's name.</summary>
    public string Name => Device.Name;

    public CaptureOptions Options { get; }

    /// <summary>Captured blocks in order. Completes when the session stops.</summary>
    public ChannelReader<AudioBlock> Blocks => _blocks.Reader;

    /// <summary>
    /// Hands a block from <see cref="Blocks"/> back once the consumer is done with it, so the reader thread refills it
    /// instead of allocating a new one (a capture that runs for days then allocates nothing per block). The block must
    /// not be read afterwards, and is handed back once: a second call after the reader has refilled it would let two
    /// blocks share one buffer. Optional: blocks that are kept are simply left to the GC. Blocks of another session are
    /// ignored.
    /// </summary>
    public void Recycle(AudioBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _pool.Return(block);
    }

    /// <summary>State changes (device lost, reopened, stopped). Completes when the session stops.</summary>
    public ChannelReader<CaptureStatus> StatusUpdates => _statuses.Reader;

    /// <summary>The current state.</summary>
    public CaptureState State => _state;

    /// <summary>The counters right now.</summary>
    public CaptureStatistics Statistics => new(Device.Name, Interlocked.Read(ref _captured), Interlocked.Read(ref _overflows),
        Interlocked.Read(ref _dropped), Interlocked.Read(ref _lost), Volatile.Read(ref _outages));

    /// <summary>Asks the reader thread to stop without waiting for it (the queues complete once it has).</summary>
    public void RequestStop()
    {
        _stop.Cancel();
    }

    /// <summary>Stops reading, waits for the reader thread, closes the stream. Safe to call more than once.</summary>
    public void Stop()
    {
        RequestStop();
        if (Thread.CurrentThread != _thread && _thread.IsAlive)
        {
            // The reader never blocks in native code for longer than about one block (it waits for data first),
            // so this join is short; the bound only guards against a driver that hangs inside Pa_ReadStream.
            _thread.Join(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose()
    {
        Stop();
    }

    private static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(1);

    private DateTimeOffset Now => _wallAtStart + _clock.Elapsed;

    private void Publish(CaptureState state, long frameIndex, long framesLost, string message, AudioDeviceException? error)
    {
        _state = state;
        _statuses.Writer.TryWrite(new CaptureStatus(Device.Name, state, Now, frameIndex, framesLost, message, error));
    }

    private void Run()
    {
        var token = _stop.Token;
        StreamHandle? stream = _firstStream;
        long frameIndex = 0;
        int framesPerBlock = Options.FramesPerBlock;
        double rate = Options.SampleRate;
        // Pacing is measured from an anchor that moves after each reopen.
        long anchorFrame = 0;
        TimeSpan anchorTime = _clock.Elapsed;
        TimeSpan lastData = _clock.Elapsed;
        DateTimeOffset lostAt = default;
        DateTimeOffset? outageSince = null; // start of the current run of failures; ends after 1 s of good audio
        AudioBlock? next = null;
        // Longest wait between polls while a block fills; the actual wait is the time the missing frames take to
        // arrive (see below), so a small block does not mean a busy loop.
        var pollInterval = TimeSpan.FromMilliseconds(Math.Clamp(framesPerBlock / rate * 1000, 1, 20));
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (stream is null)
                {
                    outageSince ??= lostAt;
                    if (Options.MaxOutage is { } max && Now - outageSince.Value >= max)
                    {
                        long lost = (long)Math.Round((Now - lostAt).TotalSeconds * rate);
                        Interlocked.Add(ref _lost, lost);
                        Publish(CaptureState.GaveUp, frameIndex, lost,
                            $"Device '{Device.Name}' gave no usable audio for {max.TotalSeconds:0.#} s; capture stopped and {lost / rate:0.###} s counted as lost.", null);
                        break;
                    }
                    if (token.WaitHandle.WaitOne(Options.ReopenInterval)) break;
                    try
                    {
                        stream = StreamHandle.Open(Device, Options);
                    }
                    catch (AudioDeviceException ex)
                    {
                        Publish(CaptureState.ReopenFailed, frameIndex, 0, ex.Message, ex);
                        continue;
                    }
                    long gap = (long)Math.Round((Now - lostAt).TotalSeconds * rate);
                    frameIndex += gap;
                    Interlocked.Add(ref _lost, gap);
                    anchorFrame = frameIndex;
                    anchorTime = lastData = _clock.Elapsed;
                    Publish(CaptureState.Reopened, frameIndex, gap,
                        $"Device '{Device.Name}' is back; {gap} frames ({gap / rate:0.###} s) were lost.", null);
                    continue;
                }

                // One block is rented and kept until a read fills it: polling an empty device rents nothing more.
                next ??= _pool.Rent();
                var read = stream.TryRead(framesPerBlock, next);
                if (read.Error is { } error)
                {
                    LoseDevice(ref stream, frameIndex, error, out lostAt);
                    continue;
                }
                if (!read.Ready)
                {
                    if (_clock.Elapsed - lastData > Options.StallTimeout)
                    {
                        var stalled = new AudioDeviceException(AudioDeviceProblem.Lost, Device.Name,
                            $"Device '{Device.Name}' delivered no audio for {Options.StallTimeout.TotalSeconds:0.#} s.",
                            PaErrorCode.TimedOut);
                        LoseDevice(ref stream, frameIndex, stalled, out lostAt);
                        continue;
                    }
                    // Sleep until the rest of the block should be there (at least 1 ms, at most pollInterval):
                    // polling at a fixed quarter-block cost 4 % of a core per 48 kHz device with 256-frame blocks.
                    var missing = TimeSpan.FromSeconds((framesPerBlock - read.Available) / rate);
                    token.WaitHandle.WaitOne(missing < MinimumPoll ? MinimumPoll : missing > pollInterval ? pollInterval : missing);
                    continue;
                }

                lastData = _clock.Elapsed;
                if (read.Overflowed) Interlocked.Increment(ref _overflows);
                var block = next;
                next = null;
                block.Stamp(Device.Name, frameIndex, framesPerBlock, Options.Channels, Options.SampleRate,
                    Now - TimeSpan.FromSeconds(framesPerBlock / rate), read.Overflowed);
                frameIndex += framesPerBlock;
                if (frameIndex - anchorFrame >= rate) outageSince = null; // a second of good audio ends the outage
                Interlocked.Add(ref _captured, framesPerBlock);
                _blocks.Writer.TryWrite(block); // when full, the drop callback counts the frames

                if (Options.SpeedLimit is double speed)
                {
                    var due = anchorTime + TimeSpan.FromSeconds((frameIndex - anchorFrame) / rate / speed);
                    var ahead = due - _clock.Elapsed;
                    if (ahead > TimeSpan.Zero) token.WaitHandle.WaitOne(ahead);
                }
            }
        }
        finally
        {
            stream?.Dispose();
            _lease.Dispose();
            Publish(CaptureState.Stopped, frameIndex, 0, "Capture stopped.", null);
            _statuses.Writer.TryComplete();
            _blocks.Writer.TryComplete();
        }
    }

    private void LoseDevice(ref StreamHandle? stream, long frameIndex, AudioDeviceException error, out DateTimeOffset lostAt)
    {
        stream?.Dispose();
        stream = null;
        lostAt = Now;
        Interlocked.Increment(ref _outages);
        Publish(CaptureState.DeviceLost, frameIndex, 0, error.Message, error);
    }
}
