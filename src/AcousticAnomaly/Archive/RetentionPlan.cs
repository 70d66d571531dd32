namespace AcousticAnomaly.Archive;

/// <summary>What retention will delete, oldest first, and how the folders stand against the budget afterwards.</summary>
public sealed record RetentionPlan
{
    public required IReadOnlyList<RetentionItem> Items { get; init; }

    /// <summary>Bytes of audio (FLAC and WAV) counted before deleting.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>Bytes left once the plan is carried out.</summary>
    public required long RemainingBytes { get; init; }

    /// <summary>Bytes of unarchived WAVs among them (never deleted).</summary>
    public required long UnarchivedBytes { get; init; }

    /// <summary>The size limit cannot be held without deleting unarchived WAVs or evidence: a message saying so, else null.</summary>
    public string? Warning { get; init; }
}
