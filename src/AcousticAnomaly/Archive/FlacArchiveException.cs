namespace AcousticAnomaly.Archive;

/// <summary>Why one archive item failed; maps onto a PowerShell ErrorCategory.</summary>
public enum FlacArchiveErrorKind
{
    /// <summary>A source is not readable audio, or the written FLAC did not verify.</summary>
    InvalidData,
    /// <summary>A source file does not exist.</summary>
    NotFound,
    /// <summary>The target exists and Force was not given.</summary>
    TargetExists,
    /// <summary>The source cannot be stored losslessly (float samples) or a group mixes formats.</summary>
    InvalidFormat,
    /// <summary>Writing or renaming failed.</summary>
    WriteError,
    /// <summary>An input is the FLAC it would be archived to; replacing it would destroy the only copy, so no -Force allows it.</summary>
    SourceIsTarget,
}

/// <summary>A failure of one archive item (one file or one group); the others go on.</summary>
public sealed class FlacArchiveException : Exception
{
    public FlacArchiveException(FlacArchiveErrorKind kind, string[] sourcePath, string? targetPath, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        SourcePath = sourcePath;
        TargetPath = targetPath;
    }

    public FlacArchiveErrorKind Kind { get; }

    /// <summary>The source file(s) of the failed item.</summary>
    public string[] SourcePath { get; }

    /// <summary>The FLAC file that was to be written, if known.</summary>
    public string? TargetPath { get; }
}
