using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Summarises a labelled dataset (<c>root/&lt;label&gt;/*.wav</c>) from the file headers only - no sample is decoded,
/// so thousands of clips take a moment. Use <see cref="AudioFileChecker"/> to look inside the clips.
/// </summary>
public sealed class DatasetScanner
{
    private readonly record struct Clip(string Path, long Frames, int SampleRate, int Channels)
    {
        public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);
    }

    /// <summary>One row per label folder in ordinal order, then the "*" row over all labels.</summary>
    public IReadOnlyList<DatasetLabelSummary> Scan(string root, CancellationToken cancellationToken = default)
    {
        var rows = new List<DatasetLabelSummary>();
        var all = new List<Clip>();
        var allUnreadable = new List<string>();
        int allHidden = 0;
        foreach (var folder in DatasetFiles.LabelFolders(root))
        {
            int hidden = 0;
            var files = DatasetFiles.FilesBelow(folder, _ => hidden++).Where(DatasetFiles.IsAudio).ToList();
            var results = new (Clip? Clip, string? Bad)[files.Count];
            // Opening a header is I/O bound: a few at a time hides the latency of cold files.
            Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = 4 },
                i => results[i] = ReadHeader(files[i]));
            var clips = results.Where(r => r.Clip is not null).Select(r => r.Clip!.Value).ToList();
            var bad = results.Where(r => r.Bad is not null).Select(r => r.Bad!).ToArray();
            rows.Add(Summarise(System.IO.Path.GetFileName(folder), folder, clips, bad, hidden));
            all.AddRange(clips);
            allUnreadable.AddRange(bad);
            allHidden += hidden;
        }
        rows.Add(Summarise(DatasetLabelSummary.AllLabels, System.IO.Path.GetFullPath(root), all, allUnreadable.ToArray(), allHidden));
        return rows;
    }

    /// <summary>The longest readable clip directly in <paramref name="folder"/> and its duration; null when there is none.</summary>
    public static (string Path, TimeSpan Duration)? LongestClip(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        var longest = DatasetFiles.FilesBelow(folder).Where(DatasetFiles.IsAudio).Select(ReadHeader)
            .Where(r => r.Item1 is not null).Select(r => r.Item1!.Value).DefaultIfEmpty().MaxBy(c => c.Frames);
        return longest.Path is null ? null : (longest.Path, longest.Duration);
    }

    private static (Clip?, string?) ReadHeader(string path)
    {
        try
        {
            var (format, frames) = AudioHeader.Read(path);
            return (new Clip(path, frames, format.SampleRate, format.Channels), null);
        }
        catch (AudioFileException)
        {
            return (null, path);
        }
    }

    private static DatasetLabelSummary Summarise(string label, string path, List<Clip> clips, string[] unreadable, int hidden)
    {
        if (clips.Count == 0)
            return new(label, 0, 0, 0, 0, 0, "", [], [], unreadable.Length, unreadable, hidden, path);
        var longest = clips.MaxBy(c => c.Duration);
        var total = TimeSpan.FromTicks(clips.Sum(c => c.Duration.Ticks));
        return new(label, clips.Count, total.TotalSeconds, clips.Min(c => c.Duration).TotalSeconds, TimeSpan.FromTicks(total.Ticks / clips.Count).TotalSeconds,
            longest.Duration.TotalSeconds, longest.Path,
            clips.Select(c => c.SampleRate).Distinct().Order().ToArray(), clips.Select(c => c.Channels).Distinct().Order().ToArray(),
            unreadable.Length, unreadable, hidden, path);
    }
}
