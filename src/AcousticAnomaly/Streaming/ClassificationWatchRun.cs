using AcousticAnomaly.Capture;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Network;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// A classification watch in progress: a <see cref="DeviceRun{TEvent}"/> with one <see cref="DeviceClassifier"/> per
/// device or network sender, all reporting into one queue. It ends when every device reached the duration or after
/// <see cref="DeviceRun{TEvent}.Stop"/> (what was captured is still classified and every file finalised). Dispose
/// stops, waits and releases the model.
/// </summary>
public sealed class ClassificationWatchRun : DeviceRun<ClassificationWatchEvent>
{
    private readonly AudioClassifier _classifier;
    private readonly ResultOutlet? _outlet; // -Reply and -MqttBroker: what is emitted also goes there
    private readonly string _modelName;
    private readonly WallClock _clock = new();

    internal ClassificationWatchRun(ClassificationPlan plan, AudioClassifier classifier, ResultOutlet? outlet)
        : base(plan.Options.Devices, plan.Stream.Capture, plan.Options.Listen, "Watching", plan.Stream.Recording)
    {
        (_classifier, _outlet) = (classifier, outlet);
        _modelName = Path.GetFileName(classifier.Path); // as AnomalyModel.Name
        if (outlet is not null) _ = Task.Run(() => outlet.ForwardNoticesAsync(s => Emit(new ClassificationWatchEvent(Status: s))));
        Start(source => new DeviceClassifier(source, plan, classifier, _clock, Guard, e => Deliver(e, source)).RunAsync,
            stopWhenIdle: plan.Stream.TargetFrames > 0);
    }

    /// <summary>The labels in the model's output order.</summary>
    public IReadOnlyList<string> Labels => _classifier.Labels;

    /// <summary>The MQTT publisher's counters, with an MQTT broker.</summary>
    public MqttPublisherStatistics? MqttStatistics => _outlet?.Statistics;

    private protected override ClassificationWatchEvent StatusEvent(CaptureStatus status) => new(Status: status);

    private protected override async Task FinishAsync()
    {
        if (_outlet is not null) await _outlet.DisposeAsync().ConfigureAwait(false);
    }

    private protected override void Release() => _classifier.Dispose();

    private void Deliver(ClassificationWatchEvent e, IAudioSource source)
    {
        Emit(e);
        if (_outlet is null || e.Result is not { } r) return;
        _outlet.Deliver(source, new AnomalyEventMessage(r.Time, r.Device, null, null, null, r.Label, r.Probability, _modelName,
            r.Offset, r.FramesLost));
    }
}
