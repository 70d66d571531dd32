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
        if (audio.Format.Encoding != SampleEncoding.Float) return; // integers decode to finite values only
        var samples = audio.Samples;
        int first = -1, count = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            if (float.IsFinite(samples[i])) continue;
            if (first < 0) first = i;
            count++;
        }
        if (first >= 0)
            throw new AudioFileException(path,
                $"holds {count} NaN or infinite sample(s), the first at frame {firstFrame + first / audio.Format.Channels}; it is not used");
    }
}
