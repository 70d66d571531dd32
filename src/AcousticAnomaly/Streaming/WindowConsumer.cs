using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// One source's consumer for a watch (anomaly model or classifier): blocks -> mono (the model's channel rule) ->
/// resampled to the model's rate if captured at another -> sliding window, handing each completed window to
/// <see cref="OnWindow"/>; recording comes from <see cref="SourceConsumer"/>, and <see cref="WriteEvidence"/> keeps an
/// event's window as FLAC. Once warm it allocates nothing per block or window (buffers are reused), so a watch can run
/// for days without growing.
/// </summary>
internal abstract class WindowConsumer : SourceConsumer
{
    private readonly StreamPlan _plan;
    private readonly SlidingWindow _window;
    private readonly StreamingResampler? _resampler; // null when the source is captured at the model's rate
    private readonly EvidenceWriter? _evidence;
    private float[] _interleaved = Array.Empty<float>();
    private float[] _mono = Array.Empty<float>();
    private float[] _resampled = Array.Empty<float>();
    private long _origin;   // capture frame where the current gap-free stretch began
    private long _analysed; // samples at the model's rate appended to the window since then

    protected WindowConsumer(IAudioSource source, StreamPlan plan, FreeSpaceGuard? guard, Action<RecordingSegment> onSegment)
        : base(source, plan.Recording, guard, plan.TargetFrames, onSegment)
    {
        _plan = plan;
        _window = new SlidingWindow(plan.WindowFrames, plan.HopFrames);
        if (plan.CaptureRate != plan.SampleRate) _resampler = new StreamingResampler(plan.CaptureRate, plan.SampleRate);
        if (plan.EvidenceDirectory is { } dir) _evidence = new EvidenceWriter(dir, plan.SampleRate);
    }

    /// <summary>Evidence files written.</summary>
    protected int EvidenceFiles { get; private set; }

    /// <summary>A window is complete: <paramref name="samples"/> at the model's rate, ending at
    /// <paramref name="offset"/> on the stream's time line and at <paramref name="time"/> on the capture clock.</summary>
    protected abstract void OnWindow(ReadOnlySpan<float> samples, TimeSpan offset, DateTimeOffset time);

    /// <summary>The window cannot continue across lost frames (an anomalous run or a label run is broken too).</summary>
    protected abstract void OnBreak();

    /// <summary>Writes the window just handed to <see cref="OnWindow"/> as evidence, named after the source,
    /// <paramref name="tag"/> (a label, or null) and the window's start; null when no evidence is kept.</summary>
    protected string? WriteEvidence(ReadOnlySpan<float> samples, DateTimeOffset end, string? tag = null)
    {
        if (_evidence is null) return null;
        var start = end - TimeSpan.FromSeconds(_plan.WindowFrames / (double)_plan.SampleRate);
        var path = _evidence.Write(tag is null ? Device : $"{Device}_{tag}", start, samples);
        EvidenceFiles++;
        return path;
    }

    protected sealed override void OnGap(long frameIndex)
    {
        // A window must hold contiguous audio.
        _window.Reset();
        _resampler?.Reset();
        (_origin, _analysed) = (frameIndex, 0);
        OnBreak();
    }

    protected sealed override void OnBlock(AudioBlock block, int frames)
    {
        ReadOnlySpan<float> mono = ToMono(block, frames);
        if (_resampler is not null)
        {
            var output = ResampleBuffer(_resampler.MaxOutput(mono.Length));
            mono = output[.._resampler.Process(mono, output)];
        }
        Append(mono, block.FrameIndex, block.CaptureTime);
    }

    /// <summary>
    /// The stream has ended: the resampler's last outputs (the input taken as silence after its end, as offline
    /// resampling of the same recording does) can still complete a window.
    /// </summary>
    protected sealed override void OnEnd(long lastFrameIndex, DateTimeOffset lastCaptureTime)
    {
        if (_resampler is null) return;
        var output = ResampleBuffer(_resampler.MaxOutput(0));
        Append(output[.._resampler.Flush(output)], lastFrameIndex, lastCaptureTime);
    }

    /// <summary>The reused resampler output, grown to hold <paramref name="most"/> samples.</summary>
    private Span<float> ResampleBuffer(int most)
    {
        if (_resampled.Length < most) _resampled = new float[most];
        return _resampled;
    }

    /// <summary>Appends samples at the model's rate to the window, handing on each window they complete (its newest
    /// sample arrived in the block starting at capture frame <paramref name="blockFrameIndex"/>).</summary>
    private void Append(ReadOnlySpan<float> samples, long blockFrameIndex, DateTimeOffset blockCaptureTime)
    {
        int pos = 0;
        while (pos < samples.Length)
        {
            int take = Math.Min(samples.Length - pos, _window.SamplesUntilDue);
            bool due = _window.Append(samples.Slice(pos, take));
            pos += take;
            _analysed += take;
            if (!due) continue;
            var (offset, time) = WindowEnd(blockFrameIndex, blockCaptureTime);
            OnWindow(_window.Window, offset, time);
        }
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
        var settings = _plan.Features;
        var interleaved = _interleaved.AsSpan(0, frames * channels);
        if (_mono.Length < frames) _mono = new float[block.Frames];
        var mono = _mono.AsSpan(0, frames);
        if (settings.ChannelMode == ChannelMode.Select) ChannelMixer.SelectChannel(interleaved, channels, settings.Channel, mono);
        else ChannelMixer.Average(interleaved, channels, mono);
        return mono;
    }
}
