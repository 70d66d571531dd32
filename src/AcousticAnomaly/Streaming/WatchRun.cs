using System.Threading.Channels;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.IO;
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
    private readonly AnomalyModel _model;
    private readonly bool _ownsModel;
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>();
    private readonly WallClock _clock = new();
    private readonly Task _workers;
    private readonly IDisposable? _heapTrim = NativeHeap.TrimEvery(HeapTrimPeriod);
    private WatchSummary? _summary;

    /// <summary>How often freed native memory is handed back while watching (see <see cref="NativeHeap"/>).</summary>
    internal static readonly TimeSpan HeapTrimPeriod = TimeSpan.FromSeconds(30);

    internal WatchRun(List<CaptureSession> sessions, WatchPlan plan, AnomalyModel model, bool ownsModel, FeatureExtractor extractor)
    {
        _sessions = sessions;
        _model = model;
        _ownsModel = ownsModel;
        _watchers = sessions.Select(s => new DeviceWatcher(s, plan, model, extractor, _clock, e => _events.Writer.TryWrite(e))).ToList();
        _workers = Task.WhenAll(_watchers.Select(w => Task.Run(() => WatchDeviceAsync(w)))
            .Concat(sessions.Select(s => Task.Run(() => ForwardStatusAsync(s)))));
        _workers.ContinueWith(t =>
        {
            _heapTrim?.Dispose();
            _summary = new WatchSummary(_watchers.Select(w => w.Summary).ToList(), _clock.Elapsed);
            _events.Writer.TryComplete(t.Exception?.GetBaseException());
        }, TaskScheduler.Default);
    }

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

    private async Task ForwardStatusAsync(CaptureSession session)
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
