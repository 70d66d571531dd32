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
}
