using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Recording;

/// <summary>
/// Cuts one device's block stream into files: rolling segments split exactly at frame boundaries, fixed-length
/// clips, or voice-activated stretches. Every file holds contiguous audio - a gap in the frame indices (frames lost)
/// ends the current file and is reported as FramesLost on the next one (silence filled in for lost network packets is
/// counted on the file that holds it). Not thread-safe: one consumer per device.
/// </summary>
internal sealed class SegmentCutter
{
    private readonly RecordingOptions _options;
    private readonly string _device;
    private readonly Func<string, ISegmentWriter> _openWriter;
    private readonly Action<RecordingSegment> _emit;
    private readonly long _segmentFrames;   // 0 = unlimited
    private readonly long _target;          // 0 = until stopped
    private readonly bool _clipMode;
    private readonly int _windowFrames;
    private readonly long _minimumFrames;
    private readonly long _holdFrames;
    private readonly long _fragmentFrames;
    private readonly List<(AudioBlock Block, int Offset, int Frames)> _window = new();
    private int _windowFilled;
    private double _windowEnergy;
    private long _silentRun;

    private ISegmentWriter? _writer;
    private string _path = "";
    private DateTimeOffset _start;
    private DateTimeOffset? _origin; // wall time of capture frame 0
    private long _frames;
    private long _lostBefore;
    private long _pendingLost;
    private long? _expectedNext;
    private long _captured;
    private bool _joinsPrevious; // the open file continues the one before it with no gap (cut at a segment boundary)
    private bool _nextJoins;

    public SegmentCutter(RecordingOptions options, string device, Func<string, ISegmentWriter> openWriter, Action<RecordingSegment> emit)
    {
        _options = options;
        _device = device;
        _openWriter = openWriter;
        _emit = emit;
        _clipMode = options.ClipDuration is not null;
        var segment = options.ClipDuration ?? options.SegmentDuration;
        _segmentFrames = segment is { } s ? options.Frames(s) : 0;
        _target = options.Duration is { } d ? options.Frames(d) : 0;
        _windowFrames = Math.Max(1, options.SampleRate / 10);
        _minimumFrames = options.Frames(options.MinimumDuration);
        _holdFrames = options.Frames(options.SilenceHold);
        _fragmentFrames = options.Frames(options.MinimumFragment);
    }

    /// <summary>
    /// True when <see cref="Add"/> may keep a reference to the block after it returns (the silence detector holds up to
    /// 100 ms of blocks before deciding); otherwise every block is written before Add returns and may be recycled.
    /// </summary>
    public bool RetainsBlocks => _options.SplitOnSilence;

    /// <summary>The file being written, or null between files (named in write errors).</summary>
    public string? CurrentPath => _writer is null ? null : _path;

    /// <summary>True once the requested duration has been captured.</summary>
    public bool Done => _target > 0 && _captured >= _target;

    /// <summary>Takes one block; returns false once the requested duration is complete (later blocks are ignored).</summary>
    public bool Add(AudioBlock block)
    {
        if (Done) return false;
        if (_expectedNext is long expected && block.FrameIndex != expected)
        {
            // Lost frames (outage or full queue): close the file so each file's Start and Duration stay true.
            _pendingLost += Math.Max(0, block.FrameIndex - expected);
            DiscardWindow();
            Finish(complete: false, gap: true);
            _nextJoins = false;
        }
        _expectedNext = block.EndFrameIndex;
        // Silence standing in for lost network packets stays in the file (its time line stays true) and is counted
        // on the file being written (the block's first file when it spans two).
        if (block.FramesConcealed > 0)
        {
            if (_writer is null) _pendingLost += block.FramesConcealed;
            else _lostBefore += block.FramesConcealed;
        }

        int frames = block.Frames;
        if (_target > 0) frames = (int)Math.Min(frames, _target - _captured);
        if (_options.SplitOnSilence) AddToWindows(block, frames);
        else Append(block, 0, frames);
        _captured += frames;

        if (Done) Complete();
        return !Done;
    }

    /// <summary>Ends the recording: the open file is finalised (or deleted if it is an unfinished clip or too short).</summary>
    public void Complete()
    {
        if (_options.SplitOnSilence && _writer is not null)
        {
            foreach (var (b, o, f) in _window) Append(b, o, f);
        }
        DiscardWindow();
        Finish(complete: false);
    }

    /// <summary>Writes frames to the current file, opening and closing files at segment boundaries.</summary>
    private void Append(AudioBlock block, int offset, int frames)
    {
        while (frames > 0)
        {
            if (_writer is null)
            {
                // The capture start plus the frames before this one (lost frames included), not the block's own wall
                // time: an unpaced source delivers faster than real time, and per-block wall times would then give a
                // later segment a start (and a name) before an earlier one's.
                _origin ??= block.CaptureTime - TimeSpan.FromSeconds((double)block.FrameIndex / block.SampleRate);
                _start = _origin.Value + TimeSpan.FromSeconds((double)(block.FrameIndex + offset) / block.SampleRate);
                _path = SegmentNaming.UniquePath(_options.OutputDirectory, _device, _start);
                _writer = _openWriter(_path);
                _frames = 0;
                _lostBefore = _pendingLost;
                _pendingLost = 0;
                _joinsPrevious = _nextJoins;
                _nextJoins = false;
            }
            int take = _segmentFrames > 0 ? (int)Math.Min(frames, _segmentFrames - _frames) : frames;
            _writer.Write(block, offset, take);
            _frames += take;
            offset += take;
            frames -= take;
            if (_segmentFrames > 0 && _frames == _segmentFrames)
            {
                Finish(complete: true);
                _nextJoins = true;
            }
        }
    }

    /// <param name="complete">The file reached its length (a clip or segment boundary, or silence).</param>
    /// <param name="gap">Lost frames end the file: a short rolling file that also began after a gap (or at the start)
    /// is a fragment between outages, dropped and counted as lost on the next file.</param>
    private void Finish(bool complete, bool gap = false)
    {
        if (_writer is null) return;
        _writer.Dispose();
        _writer = null;
        _silentRun = 0;
        bool fragment = gap && !_clipMode && !_options.SplitOnSilence && !_joinsPrevious && _frames < _fragmentFrames;
        bool keep = _clipMode ? complete && _frames == _segmentFrames
            : _options.SplitOnSilence ? _frames >= _minimumFrames : !fragment;
        if (fragment) _pendingLost += _lostBefore + _frames;
        if (!keep)
        {
            File.Delete(_path);
            return;
        }
        _emit(new RecordingSegment(_path, _device, _start, (double)_frames / _options.SampleRate,
            _options.SampleRate, _options.Channels, _lostBefore));
    }

    /// <summary>Voice activation: decides per 100 ms window whether to keep it, then writes the whole window.</summary>
    private void AddToWindows(AudioBlock block, int frames)
    {
        int offset = 0;
        while (offset < frames)
        {
            int take = Math.Min(frames - offset, _windowFrames - _windowFilled);
            _window.Add((block, offset, take));
            _windowEnergy += Energy(block, offset, take);
            _windowFilled += take;
            offset += take;
            if (_windowFilled < _windowFrames) continue;

            double meanSquare = _windowEnergy / (_windowFrames * (double)block.Channels);
            double db = meanSquare > 0 ? 10 * Math.Log10(meanSquare) : double.NegativeInfinity;
            bool loud = db >= _options.SilenceThresholdDb;
            if (loud || _writer is not null)
            {
                foreach (var (b, o, f) in _window) Append(b, o, f);
            }
            _silentRun = loud ? 0 : _silentRun + _windowFrames;
            if (!loud && _writer is not null && _silentRun >= _holdFrames) Finish(complete: true);
            DiscardWindow();
        }
    }

    private void DiscardWindow()
    {
        _window.Clear();
        _windowFilled = 0;
        _windowEnergy = 0;
    }

    private static double Energy(AudioBlock block, int offsetFrames, int frames)
    {
        int from = offsetFrames * block.Channels, count = frames * block.Channels;
        double sum = 0;
        if (block.Int16Samples is { } ints)
        {
            for (int i = from; i < from + count; i++) { double x = ints[i] / 32768.0; sum += x * x; }
        }
        else
        {
            var floats = block.FloatSamples!;
            for (int i = from; i < from + count; i++) { double x = floats[i]; sum += x * x; }
        }
        return sum;
    }
}
