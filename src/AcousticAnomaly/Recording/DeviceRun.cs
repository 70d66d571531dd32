using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.Recording;

/// <summary>
/// A run over live sources, the one shared by the recorder and the watchers: it opens the devices (all or none) and
/// the network listener, runs one consumer per source (each device, and each sender as it appears), forwards the
/// sources' outages into the same event queue and ends the queue when every consumer is done. One source failing (a
/// write error, the disk getting low, a device gone for good after MaxOutage) stops every source: each consumer still
/// finalises what it holds, and the queue ends with the first failure. While it runs freed native memory is handed
/// back (<see cref="NativeHeap"/>) and, when it records, the free space is watched. The caller reads
/// <see cref="Events"/> on the thread that must see the results (a cmdlet on its pipeline thread).
/// </summary>
/// <typeparam name="TEvent">What the run reports (a finished file, a scored or labelled window, a status change).</typeparam>
public abstract class DeviceRun<TEvent> : IDisposable
{
    /// <summary>How often freed native memory is handed back while running (days-long runs: see <see cref="NativeHeap"/>).</summary>
    internal static readonly TimeSpan HeapTrimPeriod = TimeSpan.FromSeconds(30);

    private readonly List<CaptureSession> _sessions;
    private readonly RtpListener? _listener;
    private readonly string _activity;
    private readonly Channel<TEvent> _events = Channel.CreateUnbounded<TEvent>();
    private readonly List<string> _sourceNames = new();
    private Task _workers = Task.CompletedTask;
    private Exception? _firstFailure;

    /// <summary>
    /// Opens every device and the listener; an unknown, busy or unsuitable device throws
    /// <see cref="AudioDeviceException"/> here, before anything is written. Nothing is consumed until
    /// <see cref="Start"/>.
    /// </summary>
    /// <param name="devices">Devices to open (names, unique wildcards or indices).</param>
    /// <param name="capture">How every device (and every network sender) is captured.</param>
    /// <param name="listen">Also take network senders arriving here, or null.</param>
    /// <param name="activity">What the run does, for its failure message ("Recording", "Watching").</param>
    /// <param name="recording">Where and with what minimum free space the consumers record, if they do.</param>
    private protected DeviceRun(IReadOnlyList<string> devices, CaptureOptions capture, RtpListenerOptions? listen, string activity,
        RecordingOptions? recording = null)
    {
        _activity = activity;
        _sessions = StartAll(devices, capture);
        try
        {
            _listener = listen is null ? null : RtpListener.Start(listen with { Capture = capture });
        }
        catch
        {
            foreach (var s in _sessions) s.Dispose();
            throw;
        }
        if (recording is not null) Guard = new FreeSpaceGuard(recording.OutputDirectory, recording.MinFreeSpace);
    }

    /// <summary>The low-disk guard every consumer checks per block (one for the run: one file system to watch).</summary>
    internal FreeSpaceGuard? Guard { get; }

    /// <summary>Everything reported, in the order it happens. Completes when the run has ended (with the first
    /// source's error, if one failed - e.g. the disk filled).</summary>
    public ChannelReader<TEvent> Events => _events.Reader;

    /// <summary>Completes when every source has stopped and every file is finalised.</summary>
    public Task Completion => _events.Reader.Completion;

    /// <summary>Where it listens for network senders, if it does (the port bound when 0 was asked).</summary>
    public IPEndPoint? ListenEndpoint => _listener?.LocalEndpoint;

    /// <summary>The listener's packet counters (malformed, oversized, rejected...), if it listens.</summary>
    public RtpListenerStatistics? ListenerStatistics => _listener?.Statistics;

    /// <summary>A device or network source's status change, as this run reports it.</summary>
    private protected abstract TEvent StatusEvent(CaptureStatus status);

    /// <summary>Runs when every consumer has finished, before <see cref="Events"/> completes (totals, publishers).</summary>
    private protected virtual Task FinishAsync() => Task.CompletedTask;

    /// <summary>Releases what the run owns beyond its sources (a model), after everything has stopped.</summary>
    private protected virtual void Release() { }

    /// <summary>
    /// Starts one consumer per device now and per network sender as it appears. <paramref name="open"/> makes a
    /// source's consumer (on the caller's thread for the devices, in the order given, so totals keep that order) and
    /// returns what runs it. With <paramref name="stopWhenIdle"/> (a duration was given) the listener stops once every
    /// sender that came has reached it or gone quiet.
    /// </summary>
    private protected void Start(Func<IAudioSource, Func<Task>> open, bool stopWhenIdle)
    {
        List<(IAudioSource Source, Func<Task> Run)> devices;
        try
        {
            devices = _sessions.Select(s => ((IAudioSource)s, Opened(s, open(s)))).ToList();
        }
        catch
        {
            CloseSources(); // the caller releases the model it gave
            throw;
        }
        var heapTrim = NativeHeap.TrimEvery(HeapTrimPeriod);
        var tasks = devices.Select(d => Task.Run(() => ConsumeAsync(d.Source, d.Run))).ToList();
        if (_listener is not null)
            tasks.Add(Task.Run(() => _listener.ServeAsync(s => ConsumeAsync(s, () => Opened(s, open(s))()), stopWhenIdle)));
        _workers = Task.WhenAll(tasks);
        _workers.ContinueWith(async t =>
        {
            heapTrim?.Dispose();
            Exception? finishing = null;
            try
            {
                await FinishAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                finishing = e;
            }
            // The first source's error says what happened; others failing on the same full disk follow from it.
            _events.Writer.TryComplete(Volatile.Read(ref _firstFailure) ?? t.Exception?.GetBaseException() ?? finishing);
        }, TaskScheduler.Default);
    }

    /// <summary>Notes the source's name (failure messages name the others) once its consumer exists.</summary>
    private Func<Task> Opened(IAudioSource source, Func<Task> run)
    {
        lock (_sourceNames) _sourceNames.Add(source.Name);
        return run;
    }

    /// <summary>Reports an event (any thread); the caller reads it from <see cref="Events"/>.</summary>
    private protected void Emit(TEvent e) => _events.Writer.TryWrite(e);

    /// <summary>The events until the run ends; cancelling (Ctrl+C) stops capture, and the enumeration still delivers
    /// everything captured before it, every file finalised.</summary>
    public async IAsyncEnumerable<TEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken stop = default)
    {
        using var registration = stop.Register(Stop);
        // No token on the read: after cancellation the remaining results and files must still be reported.
        await foreach (var e in _events.Reader.ReadAllAsync().ConfigureAwait(false)) yield return e;
    }

    /// <summary>Stops capture without waiting; what was captured is still consumed and files are finalised.</summary>
    public void Stop()
    {
        foreach (var s in _sessions) s.RequestStop();
        _listener?.RequestStop();
    }

    /// <summary>Stops, waits until every file is finalised and releases the devices, the listener and the model.</summary>
    public void Dispose()
    {
        Stop();
        try
        {
            _workers.Wait();
        }
        catch (AggregateException)
        {
            // A consumer's error already ended Events with it; here we only make sure everything has finished.
        }
        CloseSources();
        Release();
        GC.SuppressFinalize(this);
    }

    private void CloseSources()
    {
        foreach (var s in _sessions) s.Dispose();
        _listener?.Dispose();
    }

    private async Task ConsumeAsync(IAudioSource source, Func<Task> run)
    {
        var statuses = Task.Run(() => ForwardStatusAsync(source));
        Exception? failure = null;
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // One source failing ends the whole run rather than leaving it half-running (or letting the others run on
            // towards the same full disk); their files are finalised as they end.
            failure = Describe(source, e);
            Interlocked.CompareExchange(ref _firstFailure, failure, null);
            Stop();
        }
        finally
        {
            source.RequestStop();
        }
        await statuses.ConfigureAwait(false);
        if (failure is not null) throw failure;
    }

    /// <summary>A write error names the source and says that every source stopped; other errors pass unchanged.</summary>
    private Exception Describe(IAudioSource source, Exception e)
    {
        if (e is not (IOException or UnauthorizedAccessException)) return e;
        List<string> others;
        lock (_sourceNames) others = _sourceNames.Where(n => n != source.Name).Select(n => $"'{n}'").ToList();
        return new IOException($"Device '{source.Name}': {e.Message}. " +
            (others.Count > 0 ? $"{_activity} stopped on every device (also {string.Join(", ", others)}); " : $"{_activity} stopped; ") +
            "every file written so far is finalised and readable.", e);
    }

    private async Task ForwardStatusAsync(IAudioSource source)
    {
        await foreach (var status in source.StatusUpdates.ReadAllAsync().ConfigureAwait(false))
        {
            if (status.State is CaptureState.DeviceLost or CaptureState.ReopenFailed or CaptureState.Reopened or CaptureState.GaveUp)
                Emit(StatusEvent(status));
            // A device gone for good (no usable audio for MaxOutage) ends the run like any other failing source.
            if (status.State == CaptureState.GaveUp) Stop();
        }
    }

    /// <summary>Starts one session per device, all or none.</summary>
    private static List<CaptureSession> StartAll(IReadOnlyList<string> devices, CaptureOptions capture)
    {
        var sessions = new List<CaptureSession>();
        try
        {
            foreach (var device in devices)
            {
                var session = CaptureSession.Start(device, capture);
                if (sessions.Any(s => s.Device.Index == session.Device.Index))
                {
                    session.Dispose();
                    throw new ArgumentException($"Device '{session.Device.Name}' is listed twice (as '{device}').");
                }
                sessions.Add(session);
            }
            return sessions;
        }
        catch
        {
            foreach (var s in sessions) s.Dispose();
            throw;
        }
    }
}
