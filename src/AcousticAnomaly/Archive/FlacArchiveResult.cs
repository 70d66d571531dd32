namespace AcousticAnomaly.Archive;

/// <summary>One FLAC file written by <see cref="FlacArchiver"/>.</summary>
/// <param name="Path">The FLAC file.</param>
/// <param name="SourcePath">The WAV files it holds, in the order they were joined.</param>
/// <param name="Duration">Audio length.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="BitsPerSample">Bit depth.</param>
/// <param name="Bytes">Size of the FLAC file.</param>
/// <param name="CompressionRatio">Total source bytes divided by FLAC bytes (2.0 = half the size).</param>
public sealed record FlacArchiveResult(string Path, string[] SourcePath, TimeSpan Duration, int SampleRate, int Channels,
    int BitsPerSample, long Bytes, double CompressionRatio);
