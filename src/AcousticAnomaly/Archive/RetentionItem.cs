namespace AcousticAnomaly.Archive;

/// <summary>Why retention deletes an archived file.</summary>
public enum RetentionReason
{
    /// <summary>Older than the age limit.</summary>
    Age,
    /// <summary>The oldest archived file while the folder's audio exceeded the size limit.</summary>
    Size,
}

/// <summary>One archived file retention deletes (or, with -WhatIf, would delete).</summary>
public sealed record RetentionItem
{
    public required string Path { get; init; }

    /// <summary>Start of the recording: the timestamp in its name, else its last-write time (UTC).</summary>
    public required DateTimeOffset Start { get; init; }

    public required long Size { get; init; }

    public required RetentionReason Reason { get; init; }

    /// <summary>True once the file is gone; false in a plan or when it was skipped.</summary>
    public bool Removed { get; init; }
}
