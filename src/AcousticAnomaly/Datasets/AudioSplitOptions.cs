namespace AcousticAnomaly.Datasets;

/// <summary>How <see cref="AudioSplitter"/> cuts a long recording. Either fixed chunks or sounds between silences.</summary>
public sealed record AudioSplitOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static AudioSplitOptions Defaults { get; } = new();

    /// <summary>Fixed chunk length. Null with <see cref="SplitOnSilence"/>. Default 3 s.</summary>
    public TimeSpan? ChunkDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Start-to-start distance of fixed chunks; shorter than the chunk overlaps, longer leaves gaps. Default: the chunk length.</summary>
    public TimeSpan? Hop { get; init; }

    /// <summary>Keep the last, shorter chunk so the chunks add up to the whole source. Default true.</summary>
    public bool KeepPartial { get; init; } = true;

    /// <summary>Cut on silence: each stretch of sound (100 ms windows at or above <see cref="SilenceThresholdDb"/>) becomes one file.</summary>
    public bool SplitOnSilence { get; init; }

    /// <summary>RMS level (dBFS) of a 100 ms window that counts as sound. Default -50, as recording's.</summary>
    public double SilenceThresholdDb { get; init; } = -50;

    /// <summary>Silence shorter than this does not end a sound. Default 0.3 s.</summary>
    public TimeSpan SilenceHold { get; init; } = TimeSpan.FromSeconds(0.3);

    /// <summary>Sounds shorter than this are dropped. Default 0.1 s.</summary>
    public TimeSpan MinSoundDuration { get; init; } = TimeSpan.FromSeconds(0.1);

    /// <summary>Folder for the chunks (created if missing); null puts them beside the source.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Replace existing chunk files instead of reporting them.</summary>
    public bool Overwrite { get; init; }

    internal void Validate()
    {
        if (!SplitOnSilence && ChunkDuration is null) throw new ArgumentException("Give a chunk duration or split on silence.");
        if (!SplitOnSilence && ChunkDuration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ChunkDuration), "The chunk duration must be positive.");
        if (Hop is { } h && h <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Hop), "The hop must be positive.");
    }
}
