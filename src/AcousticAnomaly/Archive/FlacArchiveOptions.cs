namespace AcousticAnomaly.Archive;

/// <summary>How WAV segments are joined into FLAC files.</summary>
public enum FlacGroupBy
{
    /// <summary>One FLAC per WAV.</summary>
    None,
    /// <summary>Segments starting in the same minute become one FLAC named after that minute.</summary>
    Minute,
    /// <summary>Segments starting in the same hour become one FLAC named after that hour.</summary>
    Hour,
}

/// <summary>Settings for <see cref="FlacArchiver"/>.</summary>
public sealed record FlacArchiveOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static FlacArchiveOptions Defaults { get; } = new();

    /// <summary>Folder for the FLAC files; null puts each beside its (first) source.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>libFLAC compression level 0 (fastest) to 8 (smallest); 5 is the flac CLI's default.</summary>
    public int CompressionLevel { get; init; } = 5;

    /// <summary>Overwrite an existing target instead of reporting an error for that item.</summary>
    public bool Force { get; init; }

    /// <summary>Delete each source WAV once its FLAC has been decoded and found sample-identical.</summary>
    public bool RemoveSource { get; init; }

    /// <summary>Join segments by the minute or hour they start in.</summary>
    public FlacGroupBy GroupBy { get; init; } = FlacGroupBy.None;
}
