namespace AcousticAnomaly.Archive;

/// <summary>
/// Holds archive folders to a disk budget (issue 15 item 16): deletes archived FLAC audio, oldest first - past the
/// age limit, then while the folders' audio exceeds the size limit. Unarchived WAVs are counted, never deleted;
/// evidence folders are skipped unless included; hidden temp files of a running archive are not touched.
/// </summary>
public sealed class ArchiveRetention
{
    private readonly RetentionOptions _options;
    private readonly TimeProvider _clock;

    /// <param name="options">The budget.</param>
    /// <param name="clock">Time the age limit is measured from; tests pass a fake clock to simulate days.</param>
    public ArchiveRetention(RetentionOptions options, TimeProvider? clock = null)
    {
        options.Validate();
        _options = options;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Lists what would be deleted from the folders, oldest first. Missing folders are an error.</summary>
    public RetentionPlan Plan(IEnumerable<string> folders)
    {
        var flacs = new List<(string Path, DateTimeOffset Start, long Size)>();
        long total = 0, wavBytes = 0;
        foreach (string folder in folders.Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Retention: folder {folder} does not exist.");
            foreach (var file in Files(folder))
            {
                bool flac = file.Extension.Equals(".flac", StringComparison.OrdinalIgnoreCase);
                total += file.Length;
                if (flac) flacs.Add((file.FullName, StartOf(file), file.Length));
                else wavBytes += file.Length;
            }
        }

        var now = _clock.GetUtcNow();
        var items = new List<RetentionItem>();
        long remaining = total;
        foreach (var f in flacs.OrderBy(f => f.Start).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            RetentionReason? reason = _options.KeepFor is { } keep && now - f.Start > keep ? RetentionReason.Age
                : _options.MaxSize is { } max && remaining > max ? RetentionReason.Size
                : null;
            if (reason is null) continue;
            items.Add(new RetentionItem { Path = f.Path, Start = f.Start, Size = f.Size, Reason = reason.Value });
            remaining -= f.Size;
        }

        string? warning = _options.MaxSize is { } limit && remaining > limit
            ? $"The size limit of {limit} bytes cannot be held: {remaining} bytes remain, {wavBytes} of them in unarchived WAVs (never deleted; archive them with ConvertTo-Flac -RemoveSource)."
            : null;
        return new RetentionPlan { Items = items, TotalBytes = total, RemainingBytes = remaining, UnarchivedBytes = wavBytes, Warning = warning };
    }

    /// <summary>Deletes one planned file; returns it marked removed. A file already gone counts as removed.</summary>
    public static RetentionItem Remove(RetentionItem item)
    {
        File.Delete(item.Path);
        return item with { Removed = true };
    }

    private IEnumerable<FileInfo> Files(string folder)
    {
        var dir = new DirectoryInfo(folder);
        if (!_options.IncludeEvidence && EvidenceMarker.IsMarked(dir.FullName)) yield break;
        foreach (var file in dir.EnumerateFiles())
        {
            // Hidden names are temp files of an archive or recording in progress.
            if (file.Name.StartsWith('.')) continue;
            if (file.Extension.Equals(".flac", StringComparison.OrdinalIgnoreCase) || file.Extension.Equals(".wav", StringComparison.OrdinalIgnoreCase))
                yield return file;
        }
        if (!_options.Recurse) yield break;
        foreach (var sub in dir.EnumerateDirectories())
            foreach (var file in Files(sub.FullName)) yield return file;
    }

    /// <summary>The start in the name (a name without Z is taken as UTC, as the recorder writes), else the last write.</summary>
    private static DateTimeOffset StartOf(FileInfo file) =>
        RecordingTimestamp.TryParse(file.Name, out var start, out _)
            ? new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc))
            : new DateTimeOffset(file.LastWriteTimeUtc);
}
