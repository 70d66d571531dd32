using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// One source's consumer for a classification watch: blocks -> mono (the model's channel rule) -> resampled to the
/// model's rate if captured at another -> sliding window -> features -> classifier, as the audio arrives. Once warm it
/// allocates nothing per block or window except the result it emits (blocks go back to the source, features and the
/// model reuse their buffers). Runs on one task.
/// </summary>
internal sealed class DeviceClassifier
{
    private readonly IAudioSource _source;
    private readonly ClassificationPlan _plan;
    private readonly WindowClassifier _classifier;
    private readonly WallClock _clock;
    private readonly Action<ClassificationWatchResult> _emit;
    private readonly SlidingWindow _window;
    private readonly LabelEventGate _gate;
    private readonly StreamingResampler? _resampler;
    private float[] _interleaved = Array.Empty<float>();
    private float[] _mono = Array.Empty<float>();
    private float[] _resampled = Array.Empty<float>();
    private long _origin, _analysed, _captured, _lost;

    public DeviceClassifier(IAudioSource source, ClassificationPlan plan, AudioClassifier classifier, WallClock clock,
        Action<ClassificationWatchResult> emit)
    {
        (_source, _plan, _clock, _emit) = (source, plan, clock, emit);
        _classifier = classifier.CreateWindowClassifier();
        _window = new SlidingWindow(plan.WindowFrames, plan.HopFrames);
        _gate = new LabelEventGate(classifier.Labels.Count, plan.Options.MinProbability, plan.Options.HoldOff);
        if (plan.CaptureRate != plan.SampleRate) _resampler = new StreamingResampler(plan.CaptureRate, plan.SampleRate);
    }

    public async Task RunAsync()
    {
        try
        {
            long expected = 0;
            await foreach (var block in _source.Blocks.ReadAllAsync().ConfigureAwait(false))
            {
                if (block.FrameIndex != expected)
                {
                    // Lost frames: a window must hold contiguous audio.
                    _lost += Math.Max(0, block.FrameIndex - expected);
                    _window.Reset();
                    _resampler?.Reset();
                    (_origin, _analysed) = (block.FrameIndex, 0);
                    _gate.BreakRun();
                }
                expected = block.EndFrameIndex;
                _lost += block.FramesConcealed;
                int frames = _plan.TargetFrames > 0 ? (int)Math.Min(block.Frames, _plan.TargetFrames - _captured) : block.Frames;
                ReadOnlySpan<float> mono = ToMono(block, frames);
                if (_resampler is not null)
                {
                    int most = _resampler.MaxOutput(mono.Length);
                    if (_resampled.Length < most) _resampled = new float[most];
                    mono = _resampled.AsSpan(0, _resampler.Process(mono, _resampled));
                }
                Append(mono, block.FrameIndex, block.CaptureTime);
                _source.Recycle(block);
                _captured += frames;
                if (_plan.TargetFrames > 0 && _captured >= _plan.TargetFrames) break;
            }
        }
        finally
        {
            _source.RequestStop();
            _classifier.Dispose();
        }
    }

    private void Append(ReadOnlySpan<float> samples, long blockFrameIndex, DateTimeOffset blockCaptureTime)
    {
        int pos = 0;
        while (pos < samples.Length)
        {
            int take = Math.Min(samples.Length - pos, _window.SamplesUntilDue);
            bool due = _window.Append(samples.Slice(pos, take));
            pos += take;
            _analysed += take;
            if (due) Classify(blockFrameIndex, blockCaptureTime);
        }
    }

    private void Classify(long blockFrameIndex, DateTimeOffset blockCaptureTime)
    {
        var (label, probability) = _classifier.Classify(_window.Window);
        // The window's end on the stream's time line and on the capture clock (offline rate when resampling).
        double end = _origin / (double)_plan.CaptureRate + _analysed / (double)_plan.SampleRate;
        var offset = TimeSpan.FromSeconds(end);
        var time = blockCaptureTime + TimeSpan.FromSeconds(end - blockFrameIndex / (double)_plan.CaptureRate);
        var (isEvent, isChange) = _gate.Observe(label, probability, offset);
        if (_plan.Options.ChangesOnly && !isChange) return;
        double latency = (_clock.Now - time).TotalMilliseconds;
        _emit(new ClassificationWatchResult(time, _source.Name, offset.TotalSeconds, _classifier.LabelOf(label), probability, isEvent, latency, _lost));
    }

    private ReadOnlySpan<float> ToMono(AudioBlock block, int frames)
    {
        int channels = block.Channels;
        if (_interleaved.Length < block.Frames * channels) _interleaved = new float[block.Frames * channels];
        block.CopyTo(_interleaved);
        if (channels == 1) return _interleaved.AsSpan(0, frames);
        if (_mono.Length < frames) _mono = new float[block.Frames];
        var mono = _mono.AsSpan(0, frames);
        var settings = _plan.Features;
        var interleaved = _interleaved.AsSpan(0, frames * channels);
        if (settings.ChannelMode == ChannelMode.Select) ChannelMixer.SelectChannel(interleaved, channels, settings.Channel, mono);
        else ChannelMixer.Average(interleaved, channels, mono);
        return mono;
    }
}
