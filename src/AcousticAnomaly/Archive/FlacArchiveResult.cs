namespace AcousticAnomaly.Archive;

/// <summary>
/// One FLAC file written by <see cref="FlacArchiver"/>. Every public property is a scalar, so the object survives
/// Export-Csv and ConvertTo-Json as it is (an array property would print as "System.String[]"); the sources as a list
/// are <see cref="GetSourcePaths"/>.
/// </summary>
public sealed record FlacArchiveResult
{
    private readonly string[] _sources;

    /// <param name="path">The FLAC file.</param>
    /// <param name="sourcePath">The WAV files it holds, in the order they were joined.</param>
    /// <param name="duration">Audio length.</param>
    /// <param name="sampleRate">Frames per second.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="bitsPerSample">Bit depth.</param>
    /// <param name="bytes">Size of the FLAC file.</param>
    /// <param name="compressionRatio">Total source bytes divided by FLAC bytes.</param>
    public FlacArchiveResult(string path, string[] sourcePath, TimeSpan duration, int sampleRate, int channels,
        int bitsPerSample, long bytes, double compressionRatio)
    {
        Path = path;
        _sources = sourcePath.ToArray();
        Duration = duration.TotalSeconds;
        SampleRate = sampleRate;
        Channels = channels;
        BitsPerSample = bitsPerSample;
        Bytes = bytes;
        CompressionRatio = compressionRatio;
    }

    /// <summary>The FLAC file.</summary>
    public string Path { get; init; }
    /// <summary>The WAV files it holds, in the order they were joined, separated by <see cref="SourceSeparator"/>.</summary>
    public string SourcePath => string.Join(SourceSeparator, _sources);
    /// <summary>How many WAV files it holds.</summary>
    public int SourceCount => _sources.Length;
    /// <summary>Audio length in seconds.</summary>
    public double Duration { get; init; }
    /// <summary>Frames per second.</summary>
    public int SampleRate { get; init; }
    /// <summary>Channel count.</summary>
    public int Channels { get; init; }
    /// <summary>Bit depth.</summary>
    public int BitsPerSample { get; init; }
    /// <summary>Size of the FLAC file.</summary>
    public long Bytes { get; init; }
    /// <summary>Total source bytes divided by FLAC bytes (2.0 = half the size).</summary>
    public double CompressionRatio { get; init; }

    /// <summary>';' as PATH-like lists use; a path holding it is still counted right by <see cref="SourceCount"/>.</summary>
    public const string SourceSeparator = ";";

    /// <summary>The WAV files it holds, in the order they were joined.</summary>
    public IReadOnlyList<string> GetSourcePaths() => _sources;

    public bool Equals(FlacArchiveResult? other) => other is not null && Path == other.Path && _sources.SequenceEqual(other._sources)
        && Duration == other.Duration && SampleRate == other.SampleRate && Channels == other.Channels
        && BitsPerSample == other.BitsPerSample && Bytes == other.Bytes && CompressionRatio == other.CompressionRatio;

    public override int GetHashCode() => HashCode.Combine(Path, _sources.Length, Duration, Bytes);
}
