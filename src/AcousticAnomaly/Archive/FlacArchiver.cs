using AcousticAnomaly.Audio;
using AcousticAnomaly.Audio.Flac;

namespace AcousticAnomaly.Archive;

/// <summary>
/// Archives WAV recordings as FLAC: one FLAC per WAV, or WAV segments joined per minute or hour. Plan first (cheap, so
/// a caller can ask "should I?" per item), then Convert each job. Every job either yields a result or throws a
/// <see cref="FlacArchiveException"/> for that job alone. A FLAC appears under its final name only complete (written to a
/// temp name in the target folder, then renamed), and sources are deleted only after the FLAC decoded sample-identical.
/// </summary>
public sealed class FlacArchiver
{
    private const int ChunkFrames = 8192;
    private readonly FlacArchiveOptions _options;

    public FlacArchiver(FlacArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CompressionLevel is < 0 or > 8)
            throw new ArgumentOutOfRangeException(nameof(options), $"CompressionLevel must be 0 to 8, not {options.CompressionLevel}.");
        _options = options;
    }

    /// <summary>Plans then converts every item; failures come back as items with an error, so the caller can go on.</summary>
    public IEnumerable<FlacArchiveItem> Run(IEnumerable<string> sources, CancellationToken cancellationToken = default,
        IProgress<FlacArchiveProgress>? progress = null)
    {
        var jobs = Plan(sources);
        for (int i = 0; i < jobs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Attempt(jobs[i], i, jobs.Count, cancellationToken, progress);
        }
    }

    private FlacArchiveItem Attempt(FlacArchiveJob job, int index, int count, CancellationToken ct, IProgress<FlacArchiveProgress>? progress)
    {
        try
        {
            return new FlacArchiveItem(job, Convert(job, ct, progress, index, count), null);
        }
        catch (FlacArchiveException ex)
        {
            return new FlacArchiveItem(job, null, ex);
        }
    }

    /// <summary>Decides the target of every source (and, when grouping, which sources go together and in what order).</summary>
    public IReadOnlyList<FlacArchiveJob> Plan(IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var files = sources.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
        var jobs = _options.GroupBy == FlacGroupBy.None ? PlanSingles(files) : PlanGroups(files);

        // Two items aiming at one file would make the second overwrite (or fail on) the first: refuse the later ones.
        var seen = new HashSet<string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < jobs.Count; i++)
        {
            if (jobs[i].Problem is null && !seen.Add(jobs[i].TargetPath))
                jobs[i] = jobs[i] with
                {
                    Problem = new FlacArchiveException(FlacArchiveErrorKind.TargetExists, jobs[i].Sources, jobs[i].TargetPath,
                        $"{jobs[i].TargetPath}: another input of this run already writes this file; give a different -OutputDirectory."),
                };
        }
        return jobs;
    }

    private string TargetDirectory(string source) => _options.OutputDirectory is { } d ? Path.GetFullPath(d) : Path.GetDirectoryName(source)!;

    private List<FlacArchiveJob> PlanSingles(List<string> files) => files
        .Select(f => new FlacArchiveJob(new[] { f }, Path.Combine(TargetDirectory(f), Path.GetFileNameWithoutExtension(f) + ".flac"),
            File.Exists(f) ? null : NotFound(f)))
        .ToList();

    private List<FlacArchiveJob> PlanGroups(List<string> files) => PlanKeyedGroups(files).Select(g => g.Job).ToList();

    /// <summary>
    /// The groups that are complete, taken out of <paramref name="pending"/>: a recorder writes each recording's segments
    /// in time order, so once a segment of a later period has arrived for the same recording (same target folder and
    /// name prefix), the earlier periods can get no more segments. Lets ConvertTo-Flac -GroupBy archive while
    /// Start-AudioRecording is still recording, instead of waiting for the end of the pipeline.
    /// </summary>
    public IReadOnlyList<FlacArchiveJob> TakeCompletedGroups(List<string> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (_options.GroupBy == FlacGroupBy.None) throw new InvalidOperationException("only grouped archiving has groups to complete");
        var keyed = PlanKeyedGroups(pending.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList());
        var latest = keyed.Where(g => g.Key is not null)
            .GroupBy(g => (g.Key!.Value.Dir, g.Key!.Value.Prefix))
            .ToDictionary(g => g.Key, g => g.Max(x => x.Key!.Value.Period));
        var done = keyed.Where(g => g.Key is not { } k || k.Period < latest[(k.Dir, k.Prefix)]).Select(g => g.Job).ToList();
        var taken = done.SelectMany(j => j.Sources).ToHashSet(StringComparer.Ordinal);
        pending.RemoveAll(f => taken.Contains(Path.GetFullPath(f)));
        return done;
    }

    /// <summary>Groups with their (folder, prefix, period) key; jobs that failed planning have no key.</summary>
    private List<(FlacArchiveJob Job, (string Dir, string? Prefix, DateTime Period)? Key)> PlanKeyedGroups(List<string> files)
    {
        var jobs = new List<(FlacArchiveJob, (string, string?, DateTime)?)>();
        var segments = new List<(string File, DateTime Start, string? Prefix)>();
        foreach (var f in files)
        {
            if (!File.Exists(f)) { jobs.Add((new FlacArchiveJob(new[] { f }, f, NotFound(f)), null)); continue; }
            if (RecordingTimestamp.TryParse(f, out var start, out var prefix))
            {
                segments.Add((f, start, prefix));
                continue;
            }
            // No time in the name: the file was last written when recording ended, so it started one duration earlier.
            try
            {
                using var reader = AudioFile.Open(f);
                var duration = TimeSpan.FromSeconds((double)reader.TotalFrames / reader.Format.SampleRate);
                segments.Add((f, File.GetLastWriteTime(f) - duration, null));
            }
            catch (AudioFileException ex)
            {
                jobs.Add((new FlacArchiveJob(new[] { f }, f, new FlacArchiveException(FlacArchiveErrorKind.InvalidData, new[] { f }, null, ex.Message, ex)), null));
            }
        }

        var groups = segments
            .GroupBy(s => (Dir: TargetDirectory(s.File), Prefix: s.Prefix, Period: RecordingTimestamp.PeriodStart(s.Start, _options.GroupBy)))
            .OrderBy(g => g.Key.Period).ThenBy(g => g.Key.Dir, StringComparer.Ordinal).ThenBy(g => g.Key.Prefix, StringComparer.Ordinal);
        foreach (var g in groups)
        {
            var ordered = g.OrderBy(s => s.Start).ThenBy(s => s.File, StringComparer.Ordinal).Select(s => s.File).ToArray();
            string prefix = g.Key.Prefix ?? CommonPrefix(ordered.Select(Path.GetFileNameWithoutExtension).ToArray()!);
            string name = (prefix.Length > 0 ? prefix + "_" : "") + RecordingTimestamp.PeriodName(g.Key.Period, _options.GroupBy) + ".flac";
            jobs.Add((new FlacArchiveJob(ordered, Path.Combine(g.Key.Dir, name)), g.Key));
        }
        return jobs;
    }

    private static string CommonPrefix(string[] names)
    {
        if (names.Length == 0) return "";
        int n = names.Min(s => s.Length);
        int i = 0;
        while (i < n && names.All(s => s[i] == names[0][i])) i++;
        return names[0][..i].TrimEnd('_', '-', ' ', '.');
    }

    private static FlacArchiveException NotFound(string f) =>
        new(FlacArchiveErrorKind.NotFound, new[] { f }, null, $"{f}: file not found.");

    /// <summary>Writes one job's FLAC. Throws <see cref="FlacArchiveException"/> for this job, or OperationCanceledException.</summary>
    public FlacArchiveResult Convert(FlacArchiveJob job, CancellationToken cancellationToken = default,
        IProgress<FlacArchiveProgress>? progress = null, int itemIndex = 0, int itemCount = 1)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Problem is not null) throw job.Problem;
        var sources = job.Sources;
        string target = job.TargetPath;
        FlacArchiveException Fail(FlacArchiveErrorKind kind, string message, Exception? inner = null) => new(kind, sources, target, message, inner);

        foreach (var s in sources)
            if (!File.Exists(s)) throw new FlacArchiveException(FlacArchiveErrorKind.NotFound, sources, target, $"{s}: file not found.");
        if (File.Exists(target) && !_options.Force)
            throw Fail(FlacArchiveErrorKind.TargetExists, $"{target}: the file already exists");

        var (format, totalFrames) = InspectSources(sources, Fail);
        long sourceBytes = sources.Sum(s => new FileInfo(s).Length);

        string dir = Path.GetDirectoryName(target)!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid().ToString("N")[..8]}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            long written = Encode(sources, temp, format, totalFrames, cancellationToken, progress, target, itemIndex, itemCount);
            if (written != totalFrames)
                throw Fail(FlacArchiveErrorKind.InvalidData, $"{target}: sources gave {written} frames but their headers declare {totalFrames}.");
            if (_options.RemoveSource) VerifyIdentical(temp, sources, cancellationToken, Fail);
            File.Move(temp, target, _options.Force);
        }
        catch (Exception ex)
        {
            TryDelete(temp);
            FlacArchiveException? mapped = ex switch
            {
                AudioFileException a => Fail(FlacArchiveErrorKind.InvalidData, a.Message, a),
                IOException or UnauthorizedAccessException => Fail(FlacArchiveErrorKind.WriteError, $"{target}: {ex.Message}", ex),
                ArgumentOutOfRangeException => Fail(FlacArchiveErrorKind.InvalidData, ex.Message, ex),
                _ => null, // our own per-item errors, cancellation and bugs pass through unchanged
            };
            if (mapped is null) throw;
            throw mapped;
        }

        if (_options.RemoveSource)
        {
            foreach (var s in sources)
            {
                try { File.Delete(s); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw Fail(FlacArchiveErrorKind.WriteError, $"{s}: FLAC {target} was written and verified, but the source could not be deleted: {ex.Message}", ex);
                }
            }
        }

        long bytes = new FileInfo(target).Length;
        return new FlacArchiveResult(target, sources, TimeSpan.FromSeconds((double)totalFrames / format.SampleRate),
            format.SampleRate, format.Channels, format.BitsPerSample, bytes, bytes == 0 ? 0 : (double)sourceBytes / bytes);
    }

    /// <summary>Reads every source's header: all must be integer PCM FLAC can hold, and (in a group) share one format.</summary>
    private static (AudioFormat Format, long Frames) InspectSources(string[] sources, Func<FlacArchiveErrorKind, string, Exception?, FlacArchiveException> fail)
    {
        AudioFormat? first = null;
        string? firstPath = null;
        long frames = 0;
        foreach (var s in sources)
        {
            AudioFormat f;
            try
            {
                using var r = AudioFile.Open(s);
                f = r.Format;
                frames += r.TotalFrames;
            }
            catch (AudioFileException ex)
            {
                throw fail(FlacArchiveErrorKind.InvalidData, ex.Message, ex);
            }
            if (!f.IsIntegerPcm)
                throw fail(FlacArchiveErrorKind.InvalidFormat,
                    $"{s}: {f.BitsPerSample}-bit float samples cannot be stored losslessly in FLAC (FLAC holds integers only); convert to 16 or 24-bit PCM first.", null);
            if (f.BitsPerSample is not (8 or 16 or 24 or 32))
                throw fail(FlacArchiveErrorKind.InvalidFormat, $"{s}: {f.BitsPerSample}-bit samples are not supported for FLAC.", null);
            if (f.Channels > 8)
                throw fail(FlacArchiveErrorKind.InvalidFormat, $"{s}: {f.Channels} channels; FLAC holds at most 8.", null);
            if (first is null) { first = f; firstPath = s; }
            else if (f != first)
                throw fail(FlacArchiveErrorKind.InvalidFormat,
                    $"cannot join {Path.GetFileName(s)} ({Describe(f)}) with {Path.GetFileName(firstPath)} ({Describe(first)}): a FLAC file has one format; this group is skipped.", null);
        }
        return (first!, frames);
    }

    private static string Describe(AudioFormat f) => $"{f.SampleRate} Hz, {f.Channels} ch, {f.BitsPerSample}-bit";

    private long Encode(string[] sources, string temp, AudioFormat format, long totalFrames, CancellationToken ct,
        IProgress<FlacArchiveProgress>? progress, string target, int itemIndex, int itemCount)
    {
        var buffer = new int[ChunkFrames * format.Channels];
        long done = 0;
        progress?.Report(new FlacArchiveProgress(target, itemIndex, itemCount, 0, totalFrames));
        using var writer = new FlacWriter(temp, new FlacWriterOptions(format.SampleRate, format.Channels, format.BitsPerSample,
            _options.CompressionLevel, Verify: false, TotalSamplesEstimate: totalFrames));
        foreach (var s in sources)
        {
            using var reader = AudioFile.Open(s);
            int n;
            while ((n = reader.ReadInt32(buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                writer.Write(buffer.AsSpan(0, n * format.Channels));
                done += n;
                if ((done / ChunkFrames) % 32 == 0) progress?.Report(new FlacArchiveProgress(target, itemIndex, itemCount, done, totalFrames));
            }
        }
        writer.Complete();
        progress?.Report(new FlacArchiveProgress(target, itemIndex, itemCount, done, totalFrames));
        return done;
    }

    /// <summary>Decodes the new FLAC and compares it with the sources, sample by sample, before anything is deleted.</summary>
    private static void VerifyIdentical(string flacPath, string[] sources, CancellationToken ct,
        Func<FlacArchiveErrorKind, string, Exception?, FlacArchiveException> fail)
    {
        using var flac = FlacReader.Open(flacPath);
        int ch = flac.Format.Channels;
        var a = new int[ChunkFrames * ch];
        var b = new int[ChunkFrames * ch];
        foreach (var s in sources)
        {
            using var src = AudioFile.Open(s);
            int n;
            while ((n = src.ReadInt32(a)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                int m = flac.ReadInt32(b.AsSpan(0, n * ch));
                if (m != n || !a.AsSpan(0, n * ch).SequenceEqual(b.AsSpan(0, n * ch)))
                    throw fail(FlacArchiveErrorKind.InvalidData,
                        $"{s}: the FLAC did not decode to the same samples near frame {flac.Position}; source kept.", null);
            }
        }
        if (flac.ReadInt32(b) != 0)
            throw fail(FlacArchiveErrorKind.InvalidData, "the FLAC holds more samples than the sources; sources kept.", null);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* best effort; the error that got us here matters more */ }
    }
}
