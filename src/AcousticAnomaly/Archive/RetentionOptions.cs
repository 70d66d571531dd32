namespace AcousticAnomaly.Archive;

/// <summary>
/// A disk budget for archived recordings: FLAC files older than <see cref="KeepFor"/> go, then the oldest FLAC files
/// until the folder's audio fits in <see cref="MaxSize"/>. WAVs (not yet archived) are counted but never deleted.
/// </summary>
public sealed record RetentionOptions
{
    /// <summary>Archived audio older than this (by the start time in its name, else its last-write time) is deleted;
    /// null = no age limit.</summary>
    public TimeSpan? KeepFor { get; init; }

    /// <summary>Bytes all audio in the folders (FLAC and WAV) may take; null = no size limit.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Also delete evidence clips (FLACs in a folder holding <see cref="EvidenceMarker.FileName"/>, which
    /// Watch-AnomalyStream -SaveAnomalies writes). Off: evidence is kept whatever its age.</summary>
    public bool IncludeEvidence { get; init; }

    /// <summary>Search subfolders too.</summary>
    public bool Recurse { get; init; }

    internal void Validate()
    {
        if (KeepFor is null && MaxSize is null) throw new ArgumentException("Give an age limit (keep for) or a size limit (max size), or both.");
        if (KeepFor is { } k && k < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(KeepFor), k, "The age limit cannot be negative.");
        if (MaxSize is { } m && m < 0) throw new ArgumentOutOfRangeException(nameof(MaxSize), m, "The size limit cannot be negative.");
    }
}
