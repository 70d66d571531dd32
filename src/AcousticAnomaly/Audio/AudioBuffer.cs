namespace AcousticAnomaly.Audio;

/// <summary>Audio held in memory: interleaved float samples in [-1, 1) plus the format they came from.</summary>
public sealed class AudioBuffer
{
    public AudioBuffer(AudioFormat format, float[] samples)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(samples);
        if (format.Channels <= 0) throw new ArgumentOutOfRangeException(nameof(format), "Channels must be positive.");
        if (samples.Length % format.Channels != 0)
            throw new ArgumentException("Sample count is not a multiple of the channel count.", nameof(samples));
        Format = format;
        Samples = samples;
    }

    public AudioFormat Format { get; }
    public int SampleRate => Format.SampleRate;
    public int Channels => Format.Channels;

    /// <summary>Interleaved samples, frame by frame.</summary>
    public float[] Samples { get; }

    public long Frames => Samples.Length / Format.Channels;
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / Format.SampleRate);
}
