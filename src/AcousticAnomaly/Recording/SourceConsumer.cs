using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Recording;

/// <summary>
/// One source's consumer in a <see cref="DeviceRun{TEvent}"/>: reads its blocks in order, counts lost frames, records
/// them (when asked) with the recorder's segment cutter under the run's low-disk guard, hands each block to
/// <see cref="OnBlock"/> and gives it back to the source. The recorder uses it as it is; the watchers add window
/// analysis. Allocates nothing per block once warm. Runs on one task; its counters are read after it finishes.
/// </summary>
internal class SourceConsumer
{
    private readonly long _targetFrames; // capture frames to consume; 0 = until stopped (or the cutter's own duration)
    private readonly SegmentCutter? _cutter;
    private readonly FreeSpaceGuard? _guard;

    /// <param name="source">The device or network sender.</param>
    /// <param name="recording">Record the blocks into files with these options, or null.</param>
    /// <param name="guard">The run's low-disk guard, checked before each block is written.</param>
    /// <param name="targetFrames">Capture frames to consume (a watch's duration); 0 = until stopped, or until the
    /// recording's own duration.</param>
    /// <param name="onSegment">Hears each finished file.</param>
    public SourceConsumer(IAudioSource source, RecordingOptions? recording, FreeSpaceGuard? guard, long targetFrames,
        Action<RecordingSegment>? onSegment)
    {
        Source = source;
        _targetFrames = targetFrames;
        _guard = guard;
        if (recording is not null)
        {
            _cutter = new SegmentCutter(recording, source.Name,
                path => new WavSegmentWriter(path, recording.SampleRate, recording.Channels, recording.Format),
                segment =>
                {
                    RecordedFiles++;
                    onSegment?.Invoke(segment);
                });
        }
    }

    protected IAudioSource Source { get; }

    /// <summary>The source's name (device or sender).</summary>
    public string Device => Source.Name;

    /// <summary>Frames consumed (what a duration counts).</summary>
    protected long Captured { get; private set; }

    /// <summary>Frames lost so far: gaps in the frame counter, and silence standing in for lost network packets.</summary>
    protected long Lost { get; private set; }

    /// <summary>Files recorded.</summary>
    protected int RecordedFiles { get; private set; }

    public async Task RunAsync()
    {
        bool completed = false;
        try
        {
            long expected = 0;
            long lastFrameIndex = 0;
            DateTimeOffset lastCaptureTime = default;
            await foreach (var block in Source.Blocks.ReadAllAsync().ConfigureAwait(false))
            {
                if (block.FrameIndex != expected)
                {
                    Lost += Math.Max(0, block.FrameIndex - expected);
                    OnGap(block.FrameIndex);
                }
                expected = block.EndFrameIndex;
                Lost += block.FramesConcealed;
                int frames = _targetFrames > 0 ? (int)Math.Min(block.Frames, _targetFrames - Captured) : block.Frames;
                _guard?.Check();
                bool more = _cutter?.Add(block) ?? true; // false once the recording's duration is reached
                OnBlock(block, frames);
                (lastFrameIndex, lastCaptureTime) = (block.FrameIndex, block.CaptureTime);
                if (_cutter is null || !_cutter.RetainsBlocks) Source.Recycle(block);
                Captured += frames;
                if (!more || _targetFrames > 0 && Captured >= _targetFrames) break;
            }
            OnEnd(lastFrameIndex, lastCaptureTime);
        }
        catch (Exception e) when (_cutter is not null && e is IOException or UnauthorizedAccessException)
        {
            // Disk full, low or gone: keep what reached the disk (the run stops every other source).
            string? path = _cutter.CurrentPath;
            completed = true;
            try { _cutter.Complete(); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { /* header already saved as far as possible */ }
            throw new IOException($"writing {path ?? "its next file"} failed: {e.Message}", e);
        }
        finally
        {
            Source.RequestStop();
            try
            {
                if (!completed) _cutter?.Complete();
            }
            finally
            {
                OnFinished();
            }
        }
    }

    /// <summary>Frames were lost before the block starting at <paramref name="frameIndex"/>: what follows is not
    /// contiguous with what came before.</summary>
    protected virtual void OnGap(long frameIndex) { }

    /// <summary>The block's first <paramref name="frames"/> frames (fewer than the block's at the duration's end).</summary>
    protected virtual void OnBlock(AudioBlock block, int frames) { }

    /// <summary>The stream has ended (the last block started at <paramref name="lastFrameIndex"/>).</summary>
    protected virtual void OnEnd(long lastFrameIndex, DateTimeOffset lastCaptureTime) { }

    /// <summary>Releases per-source resources (a scorer), whether the stream ended or failed.</summary>
    protected virtual void OnFinished() { }
}
