using System.Collections.Concurrent;
using System.Diagnostics;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;

namespace AcousticAnomaly.Training;

/// <summary>
/// The service behind New-AudioClassifierModel and `acoustic-anomaly train classifier`: labelled files -> one feature
/// row per clip (clips in parallel) -> <see cref="ClassifierTrainer"/> -> one .onnx file with the labels, feature
/// settings, standardisation and training summary. Unreadable clips are reported and left out. Validation clips given
/// (a split manifest's validation side) drive early stopping instead of a share held out of the training clips.
/// </summary>
public sealed class ClassifierModelTrainer(ClassifierOptions options, FeatureSettings? features = null, bool overwrite = false)
{
    public ClassifierOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The feature settings used: the caller's, or the architecture's defaults.</summary>
    public FeatureSettings Features { get; } = features ?? ClassifierOptions.DefaultFeatures(options.Architecture);

    /// <summary>Trains on <paramref name="files"/>; <paramref name="validation"/> = clips for early stopping (their labels
    /// must be among the training clips'), null = hold out <see cref="ClassifierOptions.ValidationFraction"/> of them.</summary>
    public ClassifierTrainingResult Train(IReadOnlyList<LabelledAudioFile> files, string outputPath, Action<string, Exception>? onFileError = null,
        IProgress<ClassifierEpoch>? progress = null, CancellationToken cancellationToken = default, IReadOnlyList<LabelledAudioFile>? validation = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var target = Path.GetFullPath(outputPath);
        if (File.Exists(target) && !overwrite)
            throw new IOException($"{target}: the model file already exists; use -Force (--force) to replace it");
        var watch = Stopwatch.StartNew();
        var labels = files.Select(f => f.Label).Distinct().OrderBy(l => l, StringComparer.Ordinal).ToArray();
        if (labels.Length < 2) throw new ArgumentException($"A classifier needs at least two labels; found {labels.Length}.", nameof(files));
        var (matrix, rows) = ExtractAll(files, Features, Options.MaxDegreeOfParallelism, onFileError, cancellationToken);
        if (rows.Count == 0) throw new InvalidOperationException($"none of the {files.Count} training files could be used (each was reported)");
        var y = rows.Select(i => Array.IndexOf(labels, files[i].Label)).ToArray();
        ClassifierModel model;
        int skipped = files.Count - rows.Count;
        if (validation is { Count: > 0 })
        {
            var known = validation.Where(f => labels.Contains(f.Label, StringComparer.Ordinal)).ToArray();
            foreach (var f in validation.Where(f => !labels.Contains(f.Label, StringComparer.Ordinal)))
                onFileError?.Invoke(f.Path, new ArgumentException($"its label '{f.Label}' has no training clips ({string.Join(", ", labels)})"));
            var (vx, vrows) = ExtractAll(known, Features, Options.MaxDegreeOfParallelism, onFileError, cancellationToken);
            if (vrows.Count == 0) throw new InvalidOperationException($"none of the {validation.Count} validation files could be used (each was reported)");
            skipped += validation.Count - vrows.Count;
            model = new ClassifierTrainer(Options).Train(matrix, y, labels, Features,
                (vx, vrows.Select(i => Array.IndexOf(labels, known[i].Label)).ToArray()), progress, cancellationToken);
        }
        else if (Options.GroupPattern is { } pattern && Options.ValidationFraction > 0)
        {
            var groups = rows.Select(i => GroupOf(files[i].Path, pattern)).ToArray();
            var (train, valid) = GroupSplit(groups, Options.ValidationFraction, Options.Seed);
            model = new ClassifierTrainer(Options).Train(Rows(matrix, train), train.Select(r => y[r]).ToArray(), labels, Features,
                (Rows(matrix, valid), valid.Select(r => y[r]).ToArray()), progress, cancellationToken);
        }
        else model = new ClassifierTrainer(Options).Train(matrix, y, labels, Features, null, progress, cancellationToken);
        ClassifierOnnxExporter.Export(model, target);
        var s = model.Summary;
        return new ClassifierTrainingResult(target, s.Architecture, string.Join(",", labels), s.TrainingClips, s.ValidationClips,
            skipped, s.EpochsRun, s.BestEpoch, s.ValidationAccuracy, s.ValidationLoss, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The group a file belongs to: the pattern's first group (or whole match) on its name; a name that does not
    /// match is a group of its own.</summary>
    internal static string GroupOf(string path, string pattern)
    {
        var name = Path.GetFileName(path);
        var m = System.Text.RegularExpressions.Regex.Match(name, pattern);
        return !m.Success ? name : m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value;
    }

    /// <summary>Whole groups to validation: the distinct groups in a seeded shuffle, taken until their clips reach
    /// <paramref name="fraction"/> of all (at least one group, never all of them).</summary>
    internal static (int[] Train, int[] Validation) GroupSplit(IReadOnlyList<string> groups, double fraction, int seed)
    {
        var distinct = groups.Distinct(StringComparer.Ordinal).OrderBy(g => g, StringComparer.Ordinal).ToArray();
        if (distinct.Length < 2) throw new ArgumentException($"The group pattern puts every clip in one group ('{distinct.FirstOrDefault()}'); nothing could be held out.");
        new Random(seed).Shuffle(distinct);
        var held = new HashSet<string>(StringComparer.Ordinal);
        int heldRows = 0;
        foreach (var g in distinct.Take(distinct.Length - 1))
        {
            if (held.Count > 0 && heldRows >= fraction * groups.Count) break;
            held.Add(g);
            heldRows += groups.Count(x => x == g);
        }
        var all = Enumerable.Range(0, groups.Count);
        return (all.Where(i => !held.Contains(groups[i])).ToArray(), all.Where(i => held.Contains(groups[i])).ToArray());
    }

    private static FeatureMatrix Rows(FeatureMatrix m, int[] rows)
    {
        var data = new float[rows.Length * m.Columns];
        for (int r = 0; r < rows.Length; r++) m.Data.AsSpan(rows[r] * m.Columns, m.Columns).CopyTo(data.AsSpan(r * m.Columns));
        return new FeatureMatrix(data, rows.Length, m.Columns);
    }

    /// <summary>One feature row per readable file (the indices of the files used, in order).</summary>
    internal static (FeatureMatrix Features, IReadOnlyList<int> Used) ExtractAll(IReadOnlyList<LabelledAudioFile> files, FeatureSettings settings,
        int maxDegreeOfParallelism, Action<string, Exception>? onFileError, CancellationToken cancellationToken)
    {
        var extractor = new FeatureExtractor(settings, 1);
        var rows = new float[files.Count][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, files.Count, parallel, i =>
        {
            try
            {
                rows[i] = FeatureRow(extractor, files[i].Path, cancellationToken);
            }
            catch (Exception ex) when (ex is AudioFileException or IOException or ArgumentException or InvalidDataException or UnauthorizedAccessException)
            {
                onFileError?.Invoke(files[i].Path, ex);
            }
        });
        var used = Enumerable.Range(0, files.Count).Where(i => rows[i] is not null).ToArray();
        var data = new float[used.Length * settings.VectorLength];
        for (int r = 0; r < used.Length; r++) rows[used[r]].CopyTo(data, r * settings.VectorLength);
        return (new FeatureMatrix(data, used.Length, settings.VectorLength), used);
    }

    /// <summary>
    /// One clip's feature row, streamed when the set gives one row per clip (issue 15 item 13): a clip far longer than the
    /// fixed-size input computes only the frames that input uses, with memory flat in its length, and the row equals the
    /// whole-file one. Other sets (or a clip too short for the streamed path, so the whole read reports why) read whole.
    /// </summary>
    internal static float[] FeatureRow(FeatureExtractor extractor, string path, CancellationToken cancellationToken = default)
    {
        using (var reader = AudioFile.Open(path))
        {
            if (StreamedClipVector.TryExtract(path, reader, extractor, cancellationToken) is { } clip) return clip.Vector.Data;
        }
        return extractor.Extract(AudioFile.ReadAll(path)).Data;
    }
}
