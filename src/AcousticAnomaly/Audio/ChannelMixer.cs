namespace AcousticAnomaly.Audio;

/// <summary>Reduces interleaved multi-channel samples to one channel: pick one, or average all.</summary>
public static class ChannelMixer
{
    /// <summary>Copies channel <paramref name="channel"/> (zero-based) out of interleaved samples.</summary>
    /// <exception cref="ArgumentException">The channel does not exist; the message names the channel count.</exception>
    public static float[] SelectChannel(ReadOnlySpan<float> interleaved, int channels, int channel)
    {
        CheckLayout(interleaved.Length, channels);
        var mono = new float[interleaved.Length / channels];
        SelectChannel(interleaved, channels, channel, mono);
        return mono;
    }

    /// <summary>As above into <paramref name="mono"/> (one value per frame): for a live stream, block after block.</summary>
    public static void SelectChannel(ReadOnlySpan<float> interleaved, int channels, int channel, Span<float> mono)
    {
        CheckLayout(interleaved.Length, channels);
        if (channel < 0 || channel >= channels)
            throw new ArgumentException(
                $"Channel {channel} does not exist: the audio has {channels} channel(s), numbered 0 to {channels - 1}.",
                nameof(channel));
        var frames = interleaved.Length / channels;
        CheckDestination(mono.Length, frames);
        for (int i = 0, j = channel; i < frames; i++, j += channels) mono[i] = interleaved[j];
    }

    /// <summary>Averages all channels frame by frame.</summary>
    public static float[] Average(ReadOnlySpan<float> interleaved, int channels)
    {
        CheckLayout(interleaved.Length, channels);
        var mono = new float[interleaved.Length / channels];
        Average(interleaved, channels, mono);
        return mono;
    }

    /// <summary>As above into <paramref name="mono"/> (one value per frame): for a live stream, block after block.</summary>
    public static void Average(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        CheckLayout(interleaved.Length, channels);
        var frames = interleaved.Length / channels;
        CheckDestination(mono.Length, frames);
        if (channels == 1)
        {
            interleaved.CopyTo(mono);
            return;
        }
        // Sum in double and round once, so the result does not depend on channel order and (a + b) / 2 is exact
        // for 16-bit sources - the same value numpy gives for float32 (a + b) / 2.
        double scale = 1.0 / channels;
        for (int i = 0, j = 0; i < frames; i++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++, j++) sum += interleaved[j];
            mono[i] = (float)(channels == 2 ? sum / 2 : sum * scale);
        }
    }

    private static void CheckDestination(int length, int frames)
    {
        if (length < frames) throw new ArgumentException($"The destination holds {length} samples; {frames} frames need {frames}.", "mono");
    }

    private static void CheckLayout(int samples, int channels)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channel count must be positive.");
        if (samples % channels != 0)
            throw new ArgumentException($"{samples} samples are not a whole number of {channels}-channel frames.", nameof(samples));
    }
}
