namespace AcousticAnomaly.Capture;

/// <summary>
/// One block of captured audio. Exactly one of <see cref="Int16Samples"/> and <see cref="FloatSamples"/> is set,
/// per the session's <see cref="CaptureSampleFormat"/>; samples are interleaved frame by frame.
/// </summary>
/// <param name="Device">The device's name.</param>
/// <param name="FrameIndex">Index of the block's first frame counted from the start of capture. Gaps between one
/// block's end and the next block's FrameIndex are frames that were lost (queue full or device outage).</param>
/// <param name="Frames">Frames in this block.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="CaptureTime">Wall-clock time of the first frame, estimated as the time the read returned minus the
/// block's duration (from this session's own monotonic clock anchored to UTC at start).</param>
/// <param name="InputOverflowed">PortAudio reported that input was lost before this block (paInputOverflowed).</param>
/// <param name="Int16Samples">Interleaved 16-bit samples, or null.</param>
/// <param name="FloatSamples">Interleaved float samples in [-1, 1), or null.</param>
public sealed record AudioBlock(string Device, long FrameIndex, int Frames, int Channels, int SampleRate,
    DateTimeOffset CaptureTime, bool InputOverflowed, short[]? Int16Samples, float[]? FloatSamples)
{
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
