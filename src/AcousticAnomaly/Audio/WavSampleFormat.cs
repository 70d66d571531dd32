namespace AcousticAnomaly.Audio;

/// <summary>Sample formats <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM.</summary>
    Pcm16,
    /// <summary>24-bit signed PCM.</summary>
    Pcm24,
    /// <summary>32-bit signed PCM.</summary>
    Pcm32,
    /// <summary>32-bit IEEE float (format tag 3, with a fact chunk).</summary>
    Float32,
}
