namespace AcousticAnomaly.Audio;

/// <summary>How samples were stored in the source file.</summary>
public enum SampleEncoding
{
    /// <summary>Signed integer PCM (8-bit WAV is unsigned on disk but exposed as signed).</summary>
    Pcm,
    /// <summary>IEEE float (32 or 64 bit).</summary>
    Float,
}

/// <summary>The shape of an audio stream: rate, channel count and the source's sample encoding.</summary>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="BitsPerSample">The source's bit depth (8, 16, 24, 32 or 64).</param>
/// <param name="Encoding">Integer PCM or IEEE float.</param>
public sealed record AudioFormat(int SampleRate, int Channels, int BitsPerSample, SampleEncoding Encoding = SampleEncoding.Pcm)
{
    /// <summary>True when samples are integers that FLAC can store losslessly (8 to 32-bit PCM).</summary>
    public bool IsIntegerPcm => Encoding == SampleEncoding.Pcm;

    /// <summary>
    /// Lowest sample rate a file may declare. Below it a header is damaged or hostile: a 64 KB WAV declaring 1 Hz
    /// "holds" 9 hours, and resampling that to 16 kHz needs gigabytes. Refused when the file is opened.
    /// </summary>
    public const int MinSampleRate = 1000;

    /// <summary>Highest sample rate a file may declare (the fastest converters sold run at 768 kHz).</summary>
    public const int MaxSampleRate = 768_000;

    /// <summary>Why a declared rate is refused, or null when it is in the supported range.</summary>
    internal static string? RateProblem(long rate) => rate is < MinSampleRate or > MaxSampleRate
        ? $"declares a sample rate of {rate} Hz, outside the supported {MinSampleRate}-{MaxSampleRate} Hz (damaged header?)"
        : null;
}
