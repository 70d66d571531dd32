using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.IO;
using AcousticAnomaly.Models;
using AcousticAnomaly.Network;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// A watch in progress: a <see cref="DeviceRun{TEvent}"/> with one <see cref="DeviceWatcher"/> per device or network
/// sender, all reporting into one event queue. It ends when every device reached the duration or after
/// <see cref="DeviceRun{TEvent}.Stop"/>; the audio already captured is still scored and every file finalised before
/// the events complete. Dispose stops, waits and releases the model it loaded.
/// </summary>
public sealed class WatchRun : DeviceRun<WatchEvent>
{
    private readonly List<DeviceWatcher> _watchers = new();
    private readonly ResultOutlet? _outlet;  // -Reply and -MqttBroker: what is emitted also goes there
    private readonly AnomalyModel _model;
    private readonly bool _ownsModel;
    private readonly WallClock _clock = new();
    private WatchSummary? _summary;

    internal WatchRun(WatchOptions options, WatchPlan plan, AnomalyModel model, bool ownsModel, FeatureExtractor extractor, ResultOutlet? outlet)
        : base(options.Devices ?? Array.Empty<string>(), plan.Stream.Capture, options.Listen, "Watching", plan.Stream.Recording)
    {
        (_model, _ownsModel, _outlet) = (model, ownsModel, outlet);
        if (outlet is not null) _ = Task.Run(() => outlet.ForwardNoticesAsync(s => Emit(new WatchEvent(Status: s)))); // ends with the outlet
        Start(source =>
        {
            var watcher = new DeviceWatcher(source, plan, model, extractor, _clock, Guard, e => Deliver(e, source));
            lock (_watchers) _watchers.Add(watcher);
            return watcher.RunAsync;
        }, stopWhenIdle: plan.Stream.TargetFrames > 0);
    }

    /// <summary>The MQTT publisher's counters, with -MqttBroker.</summary>
    public MqttPublisherStatistics? MqttStatistics => _outlet?.Statistics;

    /// <summary>Totals per device; set once <see cref="DeviceRun{TEvent}.Completion"/> has finished.</summary>
    public WatchSummary? Summary => _summary;

    private protected override WatchEvent StatusEvent(CaptureStatus status) => new(Status: status);

    private protected override async Task FinishAsync()
    {
        if (_outlet is not null) await _outlet.DisposeAsync().ConfigureAwait(false);
        lock (_watchers) _summary = new WatchSummary(_watchers.Select(w => w.Summary).ToList(), _clock.Elapsed);
    }

    private protected override void Release()
    {
        if (_ownsModel) _model.Dispose();
    }

    private void Deliver(WatchEvent e, IAudioSource source)
    {
        Emit(e);
        if (_outlet is null || e.Result is not { } r) return;
        _outlet.Deliver(source, new AnomalyEventMessage(r.Time, r.Device, r.Score, r.Threshold, r.IsAnomaly, null, null, _model.Name,
            r.Offset, r.FramesLost));
    }
}
