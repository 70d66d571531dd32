using AcousticAnomaly.Capture;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// One source's consumer for a classification watch: each window from <see cref="WindowConsumer"/> -> features ->
/// classifier -> label events (minimum probability, per-label hold-off), optionally kept as FLAC evidence. Once warm it
/// allocates nothing per window except the result it emits (features and the model reuse their buffers).
/// </summary>
internal sealed class DeviceClassifier : WindowConsumer
{
    private readonly ClassificationPlan _plan;
    private readonly WindowClassifier _classifier;
    private readonly WallClock _clock;
    private readonly Action<ClassificationWatchEvent> _emit;
    private readonly LabelEventGate _gate;

    public DeviceClassifier(IAudioSource source, ClassificationPlan plan, AudioClassifier classifier, WallClock clock,
        FreeSpaceGuard? guard, Action<ClassificationWatchEvent> emit)
        : base(source, plan.Stream, guard, segment => emit(new ClassificationWatchEvent(Segment: segment)))
    {
        (_plan, _clock, _emit) = (plan, clock, emit);
        _classifier = classifier.CreateWindowClassifier();
        _gate = new LabelEventGate(classifier.Labels.Count, plan.Options.MinProbability, plan.Options.HoldOff);
    }

    protected override void OnBreak() => _gate.BreakRun();

    protected override void OnFinished() => _classifier.Dispose();

    protected override void OnWindow(ReadOnlySpan<float> samples, TimeSpan offset, DateTimeOffset time)
    {
        var (label, probability) = _classifier.Classify(samples);
        var (isEvent, isChange) = _gate.Observe(label, probability, offset);
        string? evidence = isEvent ? WriteEvidence(samples, time, _classifier.LabelOf(label)) : null;
        if (!_plan.Options.ChangesOnly || isChange)
        {
            double latency = (_clock.Now - time).TotalMilliseconds;
            _emit(new ClassificationWatchEvent(new ClassificationWatchResult(time, Device, offset.TotalSeconds, _classifier.LabelOf(label), probability,
                isEvent, latency, Lost)));
        }
        if (evidence is not null) _emit(new ClassificationWatchEvent(EvidenceFile: evidence));
    }
}
