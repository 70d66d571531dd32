using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.Recording;

/// <summary>
/// Records several devices at once into WAV files: one capture session and one consumer per device. Stopping (or
/// cancelling) ends capture; the blocks already captured are still written and every open file is finalised before
/// the events end, so nothing is left half-written.
/// </summary>
public static class Recorder
{
    /// <summary>
    /// Starts every device and returns the running recording. An unknown, busy or unsuitable device throws
    /// <see cref="AudioDeviceException"/> here, before any file is written. Drain <see cref="RecordingRun.Events"/>
    /// on whatever thread must see the results (a cmdlet drains it on its pipeline thread).
    /// </summary>
    public static RecordingRun Start(RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);
        var sessions = StartAll(options.Devices ?? Array.Empty<string>(), options.EffectiveCapture);
        try
        {
            var listener = options.Listen is { } listen ? Network.RtpListener.Start(listen with { Capture = options.EffectiveCapture }) : null;
            return new RecordingRun(options, sessions, listener);
        }
        catch
        {
            foreach (var s in sessions) s.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The same as <see cref="Start"/> as an async stream of finished files. <paramref name="onStatus"/> hears device
    /// outages and recoveries as the enumeration meets them.
    /// </summary>
    public static async IAsyncEnumerable<RecordingSegment> RecordAsync(RecordingOptions options,
        Action<CaptureStatus>? onStatus = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var run = Start(options);
        using var registration = cancellationToken.Register(run.Stop);
        // No token on the read: after cancellation the remaining files must still be finalised and reported.
        await foreach (var e in run.Events.ReadAllAsync().ConfigureAwait(false))
        {
            if (e.Segment is not null) yield return e.Segment;
            else onStatus?.Invoke(e.Status!);
        }
    }

    /// <summary>Starts one session per device (all or none); also used by the live watcher.</summary>
    internal static List<CaptureSession> StartAll(IReadOnlyList<string> devices, CaptureOptions capture)
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

/// <summary>Something a running recording reports: a finished file, or a device status change.</summary>
/// <param name="Segment">A finalised file, or null.</param>
/// <param name="Status">A device outage or recovery, or null.</param>
public sealed record RecordingEvent(RecordingSegment? Segment, CaptureStatus? Status);

/// <summary>A recording in progress. Dispose stops it and waits until every file is finalised.</summary>
public sealed class RecordingRun : IDisposable
{
    private readonly List<CaptureSession> _sessions;
    private readonly Network.RtpListener? _listener;
    private readonly Channel<RecordingEvent> _events = Channel.CreateUnbounded<RecordingEvent>();
    private readonly Task _workers;
    private IOException? _firstFailure;
    private readonly IDisposable? _heapTrim = NativeHeap.TrimEvery(TimeSpan.FromSeconds(30)); // days-long runs: see NativeHeap

    internal RecordingRun(RecordingOptions options, List<CaptureSession> sessions, Network.RtpListener? listener = null)
    {
        _sessions = sessions;
        _listener = listener;
        var tasks = sessions.Select(s => Task.Run(() => RecordDeviceAsync(s, options)))
            .Concat(sessions.Select(s => Task.Run(() => ForwardStatusAsync(s))));
        // Each network sender is recorded like one more device, into its own files.
        if (listener is not null)
        {
            tasks = tasks.Append(listener.ServeAsync(s => Task.WhenAll(RecordDeviceAsync(s, options), ForwardStatusAsync(s)),
                stopWhenIdle: options.Duration is not null));
        }
        _workers = Task.WhenAll(tasks.ToList());
        // The events end when every device is done; a failed consumer (e.g. disk full) ends them with its error.
        _workers.ContinueWith(t =>
        {
            _heapTrim?.Dispose();
            // The first device's write error says what happened; others failing to finalise on the same full disk follow from it.
            _events.Writer.TryComplete(_firstFailure ?? t.Exception?.Flatten().InnerExceptions.FirstOrDefault());
        }, TaskScheduler.Default);
    }

    /// <summary>Finished files and status changes, in the order they happen. Completes when the recording ends.</summary>
    public ChannelReader<RecordingEvent> Events => _events.Reader;

    /// <summary>Completes when every device has stopped and every file is finalised.</summary>
    public Task Completion => _events.Reader.Completion;

    /// <summary>Stops capture without waiting; captured audio is still written and files are finalised.</summary>
    public void Stop()
    {
        foreach (var s in _sessions) s.RequestStop();
        _listener?.RequestStop();
    }

    /// <summary>Where it listens for network senders, if it does.</summary>
    public System.Net.IPEndPoint? ListenEndpoint => _listener?.LocalEndpoint;

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
        foreach (var s in _sessions) s.Dispose();
        _listener?.Dispose();
    }

    private async Task RecordDeviceAsync(IAudioSource session, RecordingOptions options)
    {
        var cutter = new SegmentCutter(options, session.Name,
            path => new WavSegmentWriter(path, options.SampleRate, options.Channels, options.Format),
            segment => _events.Writer.TryWrite(new RecordingEvent(segment, null)));
        bool completed = false;
        var guard = new FreeSpaceGuard(options.OutputDirectory, options.MinFreeSpace);
        try
        {
            await foreach (var block in session.Blocks.ReadAllAsync().ConfigureAwait(false))
            {
                guard.Check();
                bool more = cutter.Add(block);
                if (!cutter.RetainsBlocks) session.Recycle(block);
                if (!more) break; // duration reached
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Disk full (or the folder gone): stop every device cleanly rather than let the others run on towards the
            // same wall; their files are finalised as they end, and this one keeps what reached the disk.
            string? path = cutter.CurrentPath;
            var others = _sessions.Where(s => s != session).Select(s => $"'{s.Name}'").ToList();
            Stop();
            completed = true;
            try { cutter.Complete(); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { /* header already saved as far as possible */ }
            var failure = new IOException($"Device '{session.Name}': writing {path ?? "its next file"} failed: {e.Message}. " +
                (others.Count > 0 ? $"Recording stopped on every device (also {string.Join(", ", others)}); " : "Recording stopped; ") +
                "every file written so far is finalised and readable.", e);
            Interlocked.CompareExchange(ref _firstFailure, failure, null);
            throw failure;
        }
        finally
        {
            session.RequestStop();
            if (!completed) cutter.Complete();
        }
    }

    private async Task ForwardStatusAsync(IAudioSource session)
    {
        await foreach (var status in session.StatusUpdates.ReadAllAsync().ConfigureAwait(false))
        {
            if (status.State is CaptureState.DeviceLost or CaptureState.ReopenFailed or CaptureState.Reopened or CaptureState.GaveUp)
            {
                _events.Writer.TryWrite(new RecordingEvent(null, status));
            }
        }
    }
}
