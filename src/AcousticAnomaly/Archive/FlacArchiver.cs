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

    /// <summary>
    /// Writes one job's FLAC. Throws <see cref="FlacArchiveException"/> for this job, or OperationCanceledException.
    /// When grouping and the target already exists (a second run over the same minute or hour), the group is appended
    /// to it rather than replacing it: the old FLAC may be the only copy of sources deleted by the first run. Sources
    /// whose samples already form the end of that FLAC (a re-run after a source could not be deleted) are not added twice.
    /// </summary>
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
        // A FLAC given as input would be overwritten by its own re-encoding and then deleted as a "source".
        if (sources.Any(s => SamePath(s, target)))
            throw Fail(FlacArchiveErrorKind.SourceIsTarget,
                $"{target}: is both an input and the FLAC it would be archived to; left untouched (archive it into another folder to re-encode it).");
        bool extend = File.Exists(target) && _options.GroupBy != FlacGroupBy.None;
        if (File.Exists(target) && !extend && !_options.Force)
            throw Fail(FlacArchiveErrorKind.TargetExists, $"{target}: the file already exists");

        try
        {
            CleanStaleTemps(target);
            var inputs = extend ? sources.Prepend(target).ToArray() : sources;
            var (format, totalFrames) = InspectSources(inputs, Fail);
            if (_options.RemoveSource) CheckEverySampleIsRead(sources, Fail);
            long sourceBytes = sources.Sum(s => new FileInfo(s).Length);
            if (extend && AlreadyAtEnd(target, sources, totalFrames, cancellationToken))
            {
                long archived = totalFrames - FramesOf(sources);
                if (_options.RemoveSource) DeleteSources(sources, target, Fail);
                return Result(target, sources, format, archived, sourceBytes);
            }
            WriteVerifyAndCommit(inputs, target, format, totalFrames, extend, cancellationToken, progress, itemIndex, itemCount, Fail);
            if (_options.RemoveSource) DeleteSources(sources, target, Fail);
            return Result(target, sources, format, totalFrames, sourceBytes);
        }
        catch (Exception ex) when (Map(ex, target, Fail) is { } mapped)
        {
            throw mapped;
        }
    }

    private static FlacArchiveException? Map(Exception ex, string target, Func<FlacArchiveErrorKind, string, Exception?, FlacArchiveException> fail) => ex switch
    {
        AudioFileException a => fail(FlacArchiveErrorKind.InvalidData, a.Message, a),
        IOException or UnauthorizedAccessException => fail(FlacArchiveErrorKind.WriteError, $"{target}: {ex.Message}", ex),
        ArgumentOutOfRangeException => fail(FlacArchiveErrorKind.InvalidData, ex.Message, ex),
        _ => null, // our own per-item errors, cancellation and bugs pass through unchanged
    };

    private static FlacArchiveResult Result(string target, string[] sources, AudioFormat format, long frames, long raw)
    {
        long bytes = new FileInfo(target).Length;
        return new FlacArchiveResult(target, sources, TimeSpan.FromSeconds((double)frames / format.SampleRate),
            format.SampleRate, format.Channels, format.BitsPerSample, bytes, bytes == 0 ? 0 : (double)raw / bytes);
    }

    /// <summary>
    /// Encodes into a temp file beside the target, verifies it decodes to exactly the inputs (always when it replaces an
    /// existing FLAC or sources will be deleted), then commits durably: fsync the file, rename, fsync the folder.
    /// </summary>
    private void WriteVerifyAndCommit(string[] inputs, string target, AudioFormat format, long totalFrames, bool replacesArchive,
        CancellationToken ct, IProgress<FlacArchiveProgress>? progress, int itemIndex, int itemCount,
        Func<FlacArchiveErrorKind, string, Exception?, FlacArchiveException> fail)
    {
        string dir = Path.GetDirectoryName(target)!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid().ToString("N")[..8]}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            long written = Encode(inputs, temp, format, totalFrames, ct, progress, target, itemIndex, itemCount);
            if (written != totalFrames)
                throw fail(FlacArchiveErrorKind.InvalidData, $"{target}: sources gave {written} frames but their headers declare {totalFrames}.", null);
            if (_options.RemoveSource || replacesArchive) VerifyIdentical(temp, inputs, ct, fail);
            IO.DurableFile.CommitRename(temp, target, overwrite: _options.Force || replacesArchive);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Deletes the sources in order, stopping at the first that cannot be deleted: the ones left are then the end of the
    /// FLAC, which a re-run recognises (<see cref="AlreadyAtEnd"/>) instead of appending them twice.
    /// </summary>
    private static void DeleteSources(string[] sources, string target, Func<FlacArchiveErrorKind, string, Exception?, FlacArchiveException> fail)
    {
        foreach (var s in sources)
        {
            try { File.Delete(s); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw fail(FlacArchiveErrorKind.WriteError, $"{s}: FLAC {target} was written and verified, but the source could not be deleted: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Refuses to delete a WAV whose header leaves audio unread (samples past the declared data size, a second data
    /// chunk): verification compares what the reader returns, so it would "verify" a short copy.
    /// </summary>
    private static void CheckEverySampleIsRead(string[] sources, Func<FlacArchiveErrorKind, string, Exception?, FlacArchiveException> fail)
    {
        foreach (var s in sources)
        {
            using var reader = AudioFile.Open(s);
            if (reader is WavReader wav && wav.DescribeUndeclaredBytes() is { } what)
                throw fail(FlacArchiveErrorKind.InvalidData,
                    $"{s}: holds {what}; the archive would not contain them, so the source is kept and nothing is written. Repair the header (e.g. sox in.wav out.wav) and archive again.", null);
        }
    }

    /// <summary>True when the sources, joined, are exactly the last frames of the existing FLAC (they were archived before).</summary>
    private static bool AlreadyAtEnd(string flacPath, string[] sources, long totalFrames, CancellationToken ct)
    {
        long sourceFrames = FramesOf(sources);
        long existing = totalFrames - sourceFrames;
        if (sourceFrames == 0 || sourceFrames > existing) return false;
        using var flac = AudioFile.Open(flacPath);
        var skip = new int[ChunkFrames * flac.Format.Channels];
        long toSkip = existing - sourceFrames;
        while (toSkip > 0)
        {
            ct.ThrowIfCancellationRequested();
            int n = flac.ReadInt32(skip.AsSpan(0, (int)Math.Min(ChunkFrames, toSkip) * flac.Format.Channels));
            if (n == 0) return false;
            toSkip -= n;
        }
        return FirstDifference(flac, sources, ct) is null;
    }

    private static long FramesOf(string[] files) => files.Sum(f => { using var r = AudioFile.Open(f); return r.TotalFrames; });

    /// <summary>
    /// Removes hidden temp files an interrupted run of this target left behind. Only ones untouched for
    /// <see cref="StaleTempAge"/>: a live writer (another process archiving the same target) keeps its temp fresh.
    /// </summary>
    private static void CleanStaleTemps(string target)
    {
        string dir = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(dir)) return;
        foreach (var t in Directory.EnumerateFiles(dir, $".{Path.GetFileName(target)}.*.tmp"))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(t) >= StaleTempAge) TryDelete(t);
        }
    }

    /// <summary>Age after which an archive temp file is taken to be left over from an interrupted run.</summary>
    internal static TimeSpan StaleTempAge { get; } = TimeSpan.FromMinutes(10);

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

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

    /// <summary>Decodes the new FLAC and compares it with the inputs, sample by sample, before anything is deleted or replaced.</summary>
    private static void VerifyIdentical(string flacPath, string[] inputs, CancellationToken ct,
        Func<FlacArchiveErrorKind, string, Exception?, FlacArchiveException> fail)
    {
        using var flac = FlacReader.Open(flacPath);
        if (FirstDifference(flac, inputs, ct) is { } problem)
            throw fail(FlacArchiveErrorKind.InvalidData, problem + "; sources kept.", null);
    }

    /// <summary>Null when <paramref name="flac"/> continues with exactly the inputs' samples and then ends; else what differs.</summary>
    private static string? FirstDifference(IAudioReader flac, string[] inputs, CancellationToken ct)
    {
        int ch = flac.Format.Channels;
        var a = new int[ChunkFrames * ch];
        var b = new int[ChunkFrames * ch];
        foreach (var s in inputs)
        {
            using var src = AudioFile.Open(s);
            if (src.Format.Channels != ch) return $"{s}: {src.Format.Channels} channels, the FLAC has {ch}";
            int n;
            while ((n = src.ReadInt32(a)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                int m = flac.ReadInt32(b.AsSpan(0, n * ch));
                if (m != n || !a.AsSpan(0, n * ch).SequenceEqual(b.AsSpan(0, n * ch)))
                    return $"{s}: the FLAC did not decode to the same samples near frame {flac.Position}";
            }
        }
        return flac.ReadInt32(b) != 0 ? "the FLAC holds more samples than the sources" : null;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* best effort; the error that got us here matters more */ }
    }
}
