namespace AcousticAnomaly.Capture;

/// <summary>
/// One block of captured audio. Exactly one of <see cref="Int16Samples"/> and <see cref="FloatSamples"/> is set,
/// per the session's <see cref="CaptureSampleFormat"/>; samples are interleaved frame by frame. A session refills
/// blocks its consumer hands back through <see cref="CaptureSession.Recycle"/>, so a capture that runs for days does not
/// allocate per block; a block nobody recycles is an ordinary object.
/// </summary>
public sealed class AudioBlock
{
    public AudioBlock(string device, long frameIndex, int frames, int channels, int sampleRate,
        DateTimeOffset captureTime, bool inputOverflowed, short[]? int16Samples, float[]? floatSamples)
    {
        if ((int16Samples is null) == (floatSamples is null))
            throw new ArgumentException("Exactly one of the 16-bit and float sample arrays must be given.");
        Int16Samples = int16Samples;
        FloatSamples = floatSamples;
        Stamp(device, frameIndex, frames, channels, sampleRate, captureTime, inputOverflowed);
    }

    /// <summary>The device's name.</summary>
    public string Device { get; private set; } = "";

    /// <summary>Index of the block's first frame counted from the start of capture. Gaps between one block's end and
    /// the next block's FrameIndex are frames that were lost (queue full or device outage).</summary>
    public long FrameIndex { get; private set; }

    /// <summary>Frames in this block.</summary>
    public int Frames { get; private set; }

    /// <summary>Interleaved channels per frame.</summary>
    public int Channels { get; private set; }

    /// <summary>Frames per second.</summary>
    public int SampleRate { get; private set; }

    /// <summary>Wall-clock time of the first frame, estimated as the time the read returned minus the block's duration
    /// (from this session's own monotonic clock anchored to UTC at start).</summary>
    public DateTimeOffset CaptureTime { get; private set; }

    /// <summary>PortAudio reported that input was lost before this block (paInputOverflowed).</summary>
    public bool InputOverflowed { get; private set; }

    /// <summary>Frames of this block that are silence standing in for audio that never arrived (a network source fills
    /// lost packets so the time line stays true); they count as lost. Always 0 for a local device.</summary>
    public int FramesConcealed { get; internal set; }

    /// <summary>Interleaved 16-bit samples, or null.</summary>
    public short[]? Int16Samples { get; }

    /// <summary>Interleaved float samples in [-1, 1), or null.</summary>
    public float[]? FloatSamples { get; }

    /// <summary>The pool that may refill this block (set while the block is out of the pool).</summary>
    internal AudioBlockPool? Pool { get; set; }

    /// <summary>Sets what the samples now hold: a new block in a refilled object.</summary>
    internal void Stamp(string device, long frameIndex, int frames, int channels, int sampleRate,
        DateTimeOffset captureTime, bool inputOverflowed)
    {
        Device = device;
        FrameIndex = frameIndex;
        Frames = frames;
        Channels = channels;
        SampleRate = sampleRate;
        CaptureTime = captureTime;
        InputOverflowed = inputOverflowed;
        FramesConcealed = 0;
    }

    /// <summary>Duration of the block.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);

    /// <summary>Index one past the last frame.</summary>
    public long EndFrameIndex => FrameIndex + Frames;

    /// <summary>Copies the samples as floats in [-1, 1) (16-bit values are divided by 32768).</summary>
    public void CopyTo(Span<float> destination)
    {
        if (FloatSamples is not null)
        {
            FloatSamples.CopyTo(destination);
            return;
        }
        var src = Int16Samples!;
        for (int i = 0; i < src.Length; i++) destination[i] = src[i] / 32768f;
    }
}
