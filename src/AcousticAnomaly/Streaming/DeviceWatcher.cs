using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// One source's consumer for an anomaly watch: each window from <see cref="WindowConsumer"/> -> features -> score ->
/// debounced events, optionally kept as FLAC evidence. Once warm it allocates nothing per window (features and scores
/// reuse their buffers; the scorer's ONNX tensors are bound once).
/// </summary>
internal sealed class DeviceWatcher : WindowConsumer
{
    private readonly WatchPlan _plan;
    private readonly AnomalyModel _model;
    private readonly FeatureExtractor _extractor;
    private readonly WallClock _clock;
    private readonly Action<WatchEvent> _emit;
    private readonly AnomalyEventGate _gate;
    private readonly FeatureWorkspace _features; // every hop's window has one length: its buffers are reused
    private readonly ClipScorer _scorer;         // and so do its vectors: bound once to fixed ONNX tensors
    private long _windows, _anomalies, _events;

    public DeviceWatcher(IAudioSource session, WatchPlan plan, AnomalyModel model, FeatureExtractor extractor,
        WallClock clock, FreeSpaceGuard? guard, Action<WatchEvent> emit)
        : base(session, plan.Stream, guard, segment => emit(new WatchEvent(Segment: segment)))
    {
        _plan = plan;
        _model = model;
        _extractor = extractor;
        _clock = clock;
        _emit = emit;
        _features = extractor.CreateWorkspace();
        _scorer = model.CreateClipScorer();
        _gate = new AnomalyEventGate(plan.MinConsecutive, plan.Cooldown);
    }

    public DeviceWatchSummary Summary => new(Device, _windows, _anomalies, _events, Captured, Lost, EvidenceFiles, RecordedFiles);

    protected override void OnBreak() => _gate.BreakRun(); // an anomalous run cannot span lost frames

    protected override void OnFinished() => _scorer.Dispose();

    protected override void OnWindow(ReadOnlySpan<float> samples, TimeSpan offset, DateTimeOffset time)
    {
        var vectors = _extractor.Extract(samples, _features);
        double score = _scorer.Score(vectors);
        bool isAnomaly = AnomalyDecision.IsAnomaly(score, _model.Threshold);
        bool isEvent = _gate.Observe(isAnomaly, offset);

        _windows++;
        if (isAnomaly) _anomalies++;
        if (isEvent) _events++;
        string? evidence = isEvent ? WriteEvidence(samples, time) : null;
        if (!_plan.AnomalyOnly || isEvent)
        {
            double latency = (_clock.Now - time).TotalMilliseconds;
            _emit(new WatchEvent(Result: new WatchResult(time, Device, offset.TotalSeconds, score, _model.Threshold, isAnomaly, latency, Lost)));
        }
        if (evidence is not null) _emit(new WatchEvent(EvidenceFile: evidence));
    }
}
