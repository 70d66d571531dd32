using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Scoring;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// One device's consumer: blocks -> mono (the model's channel rule) -> resampled to the model's rate if captured at
/// another -> sliding window -> features -> score, as the audio arrives. Optionally also feeds the recorder's segment
/// cutter with the same blocks and writes event windows as FLAC evidence. Once warm it allocates nothing per block or
/// window (blocks go back to the session, features and scores reuse their buffers), so a watch can run for days
/// without growing. Runs on one task; its counters are read after it finishes.
/// </summary>
internal sealed class DeviceWatcher
{
    private readonly IAudioSource _session;
    private readonly WatchPlan _plan;
    private readonly AnomalyModel _model;
    private readonly FeatureExtractor _extractor;
    private readonly WallClock _clock;
    private readonly Action<WatchEvent> _emit;
    private readonly SlidingWindow _window;
    private readonly AnomalyEventGate _gate;
    private readonly EvidenceWriter? _evidence;
    private readonly FeatureWorkspace _features; // every hop's window has one length: its buffers are reused
    private readonly ClipScorer _scorer;         // and so do its vectors: bound once to fixed ONNX tensors
    private readonly StreamingResampler? _resampler; // null when the device is captured at the model's rate
    private float[] _interleaved = Array.Empty<float>();
    private float[] _mono = Array.Empty<float>();
    private float[] _resampled = Array.Empty<float>();
    private long _origin;   // capture frame where the current gap-free stretch began
    private long _analysed; // samples at the model's rate appended to the window since then

    private long _captured, _lost, _windows, _anomalies, _events;
    private int _evidenceFiles, _recordedFiles;

    public DeviceWatcher(IAudioSource session, WatchPlan plan, AnomalyModel model, FeatureExtractor extractor,
        WallClock clock, Action<WatchEvent> emit)
    {
        _session = session;
        _plan = plan;
        _model = model;
        _extractor = extractor;
        _clock = clock;
        _emit = emit;
        _features = extractor.CreateWorkspace();
        _scorer = model.CreateClipScorer();
        if (plan.CaptureRate != plan.SampleRate) _resampler = new StreamingResampler(plan.CaptureRate, plan.SampleRate);
        _window = new SlidingWindow(plan.WindowFrames, plan.HopFrames);
        _gate = new AnomalyEventGate(plan.MinConsecutive, plan.Cooldown);
        if (plan.EvidenceDirectory is { } dir) _evidence = new EvidenceWriter(dir, plan.SampleRate);
    }

    public string Device => _session.Name;

    public DeviceWatchSummary Summary => new(Device, _windows, _anomalies, _events, _captured, _lost, _evidenceFiles, _recordedFiles);

    public async Task RunAsync()
    {
        SegmentCutter? cutter = null;
        FreeSpaceGuard? guard = null; // a recording watcher stops before its disk is full, as the recorder does
        if (_plan.Recording is { } rec)
        {
            guard = new FreeSpaceGuard(rec.OutputDirectory, rec.MinFreeSpace);
            cutter = new SegmentCutter(rec, Device,
                path => new WavSegmentWriter(path, rec.SampleRate, rec.Channels, rec.Format),
                segment =>
                {
                    _recordedFiles++;
                    _emit(new WatchEvent(Segment: segment));
                });
        }
        try
        {
            long expected = 0;
            long lastFrameIndex = 0;
            DateTimeOffset lastCaptureTime = default;
            await foreach (var block in _session.Blocks.ReadAllAsync().ConfigureAwait(false))
            {
                if (block.FrameIndex != expected)
                {
                    // Lost frames: a window must hold contiguous audio, and an anomalous run cannot span the gap.
                    _lost += Math.Max(0, block.FrameIndex - expected);
                    _window.Reset();
                    _resampler?.Reset();
                    _origin = block.FrameIndex;
                    _analysed = 0;
                    _gate.BreakRun();
                }
                expected = block.EndFrameIndex;
                _lost += block.FramesConcealed; // silence standing in for lost network packets
                int frames = _plan.TargetFrames > 0 ? (int)Math.Min(block.Frames, _plan.TargetFrames - _captured) : block.Frames;
                guard?.Check();
                cutter?.Add(block); // the cutter stops at the same Duration by itself
                Process(block, frames);
                (lastFrameIndex, lastCaptureTime) = (block.FrameIndex, block.CaptureTime);
                if (cutter is null || !cutter.RetainsBlocks) _session.Recycle(block);
                _captured += frames;
                if (_plan.TargetFrames > 0 && _captured >= _plan.TargetFrames) break;
            }
            FlushResampler(lastFrameIndex, lastCaptureTime);
        }
        finally
        {
            _session.RequestStop();
            cutter?.Complete();
            _scorer.Dispose();
        }
    }

    private void Process(AudioBlock block, int frames)
    {
        ReadOnlySpan<float> mono = ToMono(block, frames);
        if (_resampler is not null)
        {
            var output = ResampleBuffer(_resampler.MaxOutput(mono.Length));
            mono = output[.._resampler.Process(mono, output)];
        }
        AppendAndScore(mono, block.FrameIndex, block.CaptureTime);
    }

    /// <summary>
    /// The stream has ended: the resampler's last outputs (the input taken as silence after its end, as offline
    /// resampling of the same recording does) can still complete a window.
    /// </summary>
    private void FlushResampler(long blockFrameIndex, DateTimeOffset blockCaptureTime)
    {
        if (_resampler is null) return;
        var output = ResampleBuffer(_resampler.MaxOutput(0));
        AppendAndScore(output[.._resampler.Flush(output)], blockFrameIndex, blockCaptureTime);
    }

    /// <summary>The reused resampler output, grown to hold <paramref name="most"/> samples.</summary>
    private Span<float> ResampleBuffer(int most)
    {
        if (_resampled.Length < most) _resampled = new float[most];
        return _resampled;
    }

    /// <summary>Appends samples at the model's rate to the window, scoring each window they complete.</summary>
    private void AppendAndScore(ReadOnlySpan<float> samples, long blockFrameIndex, DateTimeOffset blockCaptureTime)
    {
        int pos = 0;
        while (pos < samples.Length)
        {
            int take = Math.Min(samples.Length - pos, _window.SamplesUntilDue);
            bool due = _window.Append(samples.Slice(pos, take));
            pos += take;
            _analysed += take;
            if (due) Score(blockFrameIndex, blockCaptureTime);
        }
    }

    /// <summary>Scores the window that ends with the newest sample appended (which arrived in the block that starts
    /// at capture frame <paramref name="blockFrameIndex"/>, captured at <paramref name="blockCaptureTime"/>).</summary>
    private void Score(long blockFrameIndex, DateTimeOffset blockCaptureTime)
    {
        var samples = _window.Window;
        var vectors = _extractor.Extract(samples, _features);
        double score = _scorer.Score(vectors);
        bool isAnomaly = score > _model.Threshold;
        var (offset, time) = WindowEnd(blockFrameIndex, blockCaptureTime);
        bool isEvent = _gate.Observe(isAnomaly, offset);

        _windows++;
        if (isAnomaly) _anomalies++;
        if (isEvent) _events++;
        string? evidence = null;
        if (isEvent && _evidence is not null)
        {
            var start = time - TimeSpan.FromSeconds(_plan.WindowFrames / (double)_plan.SampleRate);
            evidence = _evidence.Write(Device, start, samples);
            _evidenceFiles++;
        }
        if (!_plan.AnomalyOnly || isEvent)
        {
            double latency = (_clock.Now - time).TotalMilliseconds;
            _emit(new WatchEvent(Result: new WatchResult(time, Device, offset.TotalSeconds, score, _model.Threshold, isAnomaly, latency, _lost)));
        }
        if (evidence is not null) _emit(new WatchEvent(EvidenceFile: evidence));
    }

    /// <summary>
    /// Where the window just completed ends: seconds of audio since the stream began, and the capture clock's time of
    /// that instant (before the block's end when resampling, whose filter waits for a few samples beyond it).
    /// </summary>
    private (TimeSpan Offset, DateTimeOffset Time) WindowEnd(long blockFrameIndex, DateTimeOffset blockCaptureTime)
    {
        if (_resampler is null)
        {
            long endFrame = _origin + _analysed;
            return (TimeSpan.FromSeconds(endFrame / (double)_plan.SampleRate),
                blockCaptureTime + TimeSpan.FromSeconds((endFrame - blockFrameIndex) / (double)_plan.SampleRate));
        }
        double end = _origin / (double)_plan.CaptureRate + _analysed / (double)_plan.SampleRate;
        return (TimeSpan.FromSeconds(end), blockCaptureTime + TimeSpan.FromSeconds(end - blockFrameIndex / (double)_plan.CaptureRate));
    }

    private ReadOnlySpan<float> ToMono(AudioBlock block, int frames)
    {
        int channels = block.Channels;
        if (_interleaved.Length < block.Frames * channels) _interleaved = new float[block.Frames * channels];
        block.CopyTo(_interleaved);
        if (channels == 1) return _interleaved.AsSpan(0, frames);
        var settings = _extractor.Settings;
        var interleaved = _interleaved.AsSpan(0, frames * channels);
        if (_mono.Length < frames) _mono = new float[block.Frames];
        var mono = _mono.AsSpan(0, frames);
        if (settings.ChannelMode == ChannelMode.Select) ChannelMixer.SelectChannel(interleaved, channels, settings.Channel, mono);
        else ChannelMixer.Average(interleaved, channels, mono);
        return mono;
    }
}
