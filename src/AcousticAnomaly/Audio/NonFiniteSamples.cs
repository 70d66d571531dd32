namespace AcousticAnomaly.Audio;

/// <summary>
/// NaN and infinite samples (only float WAVs can hold them) poison every feature they touch: one NaN clip moved an
/// autoencoder's threshold from 0.71 to 1.69. Training skips such files and scoring flags them, both naming the file.
/// </summary>
public static class NonFiniteSamples
{
    /// <summary>
    /// Throws <see cref="AudioFileException"/> naming the file, how many samples are not finite and the first frame
    /// (counted from <paramref name="firstFrame"/>) when <paramref name="audio"/> holds any.
    /// </summary>
    public static void ThrowIfAny(string path, AudioBuffer audio, long firstFrame = 0)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ThrowIfAny(path, audio.Samples, audio.Format, firstFrame);
    }

    /// <summary>As above for interleaved samples of <paramref name="format"/> (a block of a file read in blocks).</summary>
    internal static void ThrowIfAny(string path, ReadOnlySpan<float> samples, AudioFormat format, long firstFrame)
    {
        if (format.Encoding != SampleEncoding.Float) return; // integers decode to finite values only
        int first = -1, count = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            if (float.IsFinite(samples[i])) continue;
            if (first < 0) first = i;
            count++;
        }
        if (first >= 0)
            throw new AudioFileException(path,
                $"holds {count} NaN or infinite sample(s), the first at frame {firstFrame + first / format.Channels}; it is not used");
    }
}
