using System.Threading.Channels;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.IO;
using AcousticAnomaly.Network;
using AcousticAnomaly.Scoring;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// A watch in progress: one capture session and one <see cref="DeviceWatcher"/> per device, all reporting into one
/// event queue. It ends when every device reached the duration or after <see cref="Stop"/>; the audio already
/// captured is still scored and every file finalised before <see cref="Events"/> completes. Dispose stops and waits.
/// </summary>
public sealed class WatchRun : IDisposable
{
    private readonly List<CaptureSession> _sessions;
    private readonly List<DeviceWatcher> _watchers;
    private readonly RtpListener? _listener;          // -Listen: each sender becomes one more watched source
    private readonly MqttEventPublisher? _publisher;  // -MqttBroker: what is emitted is also published
    private readonly bool _reply;
    private readonly WatchPlan _plan;
    private readonly FeatureExtractor _extractor;
    private readonly AnomalyModel _model;
    private readonly bool _ownsModel;
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>();
    private readonly WallClock _clock = new();
    private readonly Task _workers;
    private readonly IDisposable? _heapTrim = NativeHeap.TrimEvery(HeapTrimPeriod);
    private WatchSummary? _summary;

    /// <summary>How often freed native memory is handed back while watching (see <see cref="NativeHeap"/>).</summary>
    internal static readonly TimeSpan HeapTrimPeriod = TimeSpan.FromSeconds(30);

    internal WatchRun(List<CaptureSession> sessions, WatchPlan plan, AnomalyModel model, bool ownsModel, FeatureExtractor extractor,
        RtpListener? listener = null, bool reply = false, MqttEventPublisher? publisher = null)
    {
        _sessions = sessions;
        _model = model;
        _ownsModel = ownsModel;
        _plan = plan;
        _extractor = extractor;
        _listener = listener;
        _reply = reply;
        _publisher = publisher;
        _watchers = sessions.Select(s => new DeviceWatcher(s, plan, model, extractor, _clock, e => Emit(e, s))).ToList();
        var tasks = _watchers.Select(w => Task.Run(() => WatchDeviceAsync(w)))
            .Concat(sessions.Select(s => Task.Run(() => ForwardStatusAsync(s))));
        if (listener is not null) tasks = tasks.Append(Task.Run(AcceptStreamsAsync));
        if (publisher is not null) _ = Task.Run(ForwardMqttNoticesAsync); // ends with the publisher, after the workers
        _workers = Task.WhenAll(tasks.ToList());
        _workers.ContinueWith(async t =>
        {
            _heapTrim?.Dispose();
            if (_publisher is not null) await _publisher.DisposeAsync().ConfigureAwait(false);
            lock (_watchers) _summary = new WatchSummary(_watchers.Select(w => w.Summary).ToList(), _clock.Elapsed);
            _events.Writer.TryComplete(t.Exception?.GetBaseException());
        }, TaskScheduler.Default);
    }

    /// <summary>The listener's address (the port bound when 0 was asked), with -Listen.</summary>
    public System.Net.IPEndPoint? ListenEndpoint => _listener?.LocalEndpoint;

    /// <summary>The listener's packet counters (malformed, oversized, rejected...), with -Listen.</summary>
    public RtpListenerStatistics? ListenerStatistics => _listener?.Statistics;

    /// <summary>The MQTT publisher's counters, with -MqttBroker.</summary>
    public MqttPublisherStatistics? MqttStatistics => _publisher?.Statistics;

    private void Emit(WatchEvent e, IAudioSource source)
    {
        _events.Writer.TryWrite(e);
        if (e.Result is not { } r || (_publisher is null && !_reply)) return;
        var message = new AnomalyEventMessage(r.Time, r.Device, r.Score, r.Threshold, r.IsAnomaly, null, null, _model.Name,
            r.Offset, r.FramesLost);
        if (_reply && source is RtpStreamSource stream) stream.Reply(message.ToJson());
        _publisher?.Enqueue(message);
    }

    /// <summary>Watches each sender's stream as it starts (see <see cref="RtpListener.ServeAsync"/>).</summary>
    private Task AcceptStreamsAsync() => _listener!.ServeAsync(stream =>
    {
        var watcher = new DeviceWatcher(stream, _plan, _model, _extractor, _clock, e => Emit(e, stream));
        lock (_watchers) _watchers.Add(watcher);
        return Task.WhenAll(WatchDeviceAsync(watcher), ForwardStatusAsync(stream));
    }, stopWhenIdle: _plan.TargetFrames > 0);

    /// <summary>Results, evidence files, recorded segments and device status changes as they happen. Completes when
    /// the watch has ended (with the error, if a device's consumer failed - e.g. the disk filled).</summary>
    public ChannelReader<WatchEvent> Events => _events.Reader;

    /// <summary>Completes when every device has stopped and every file is finalised.</summary>
    public Task Completion => _events.Reader.Completion;

    /// <summary>Totals per device; set once <see cref="Completion"/> has finished.</summary>
    public WatchSummary? Summary => _summary;

    /// <summary>Stops capture without waiting; what was captured is still scored and files are finalised.</summary>
    public void Stop()
    {
        foreach (var s in _sessions) s.RequestStop();
        _listener?.RequestStop();
    }

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
        if (_ownsModel) _model.Dispose();
    }

    private async Task WatchDeviceAsync(DeviceWatcher watcher)
    {
        try
        {
            await watcher.RunAsync().ConfigureAwait(false);
        }
        catch
        {
            // One device failing (disk full, bad model output) ends the whole watch rather than leaving it half-running.
            Stop();
            throw;
        }
    }

    /// <summary>The broker going away and coming back, reported like a device outage (as warnings).</summary>
    private async Task ForwardMqttNoticesAsync()
    {
        await foreach (var notice in _publisher!.Notices.ReadAllAsync().ConfigureAwait(false))
        {
            var state = notice.Connected ? CaptureState.Reopened : CaptureState.DeviceLost;
            _events.Writer.TryWrite(new WatchEvent(Status: new CaptureStatus("mqtt", state, DateTimeOffset.UtcNow, 0, 0, notice.Message, null)));
        }
    }

    private async Task ForwardStatusAsync(IAudioSource session)
    {
        await foreach (var status in session.StatusUpdates.ReadAllAsync().ConfigureAwait(false))
        {
            if (status.State is CaptureState.DeviceLost or CaptureState.ReopenFailed or CaptureState.Reopened)
            {
                _events.Writer.TryWrite(new WatchEvent(Status: status));
            }
        }
    }
}
