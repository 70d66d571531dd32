using System.Collections.Concurrent;
using System.Diagnostics;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;

namespace AcousticAnomaly.Training;

/// <summary>
/// The service behind New-AudioClassifierModel and `acoustic-anomaly train classifier`: labelled files -> one feature
/// row per clip (clips in parallel) -> <see cref="ClassifierTrainer"/> -> one .onnx file with the labels, feature
/// settings, standardisation and training summary. Unreadable clips are reported and left out.
/// </summary>
public sealed class ClassifierModelTrainer(ClassifierOptions options, FeatureSettings? features = null, bool overwrite = false)
{
    public ClassifierOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The feature settings used: the caller's, or the architecture's defaults.</summary>
    public FeatureSettings Features { get; } = features ?? ClassifierOptions.DefaultFeatures(options.Architecture);

    public ClassifierTrainingResult Train(IReadOnlyList<LabelledAudioFile> files, string outputPath, Action<string, Exception>? onFileError = null,
        IProgress<ClassifierEpoch>? progress = null, CancellationToken cancellationToken = default)
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
        var model = new ClassifierTrainer(Options).Train(matrix, y, labels, Features, null, progress, cancellationToken);
        ClassifierOnnxExporter.Export(model, target);
        var s = model.Summary;
        return new ClassifierTrainingResult(target, s.Architecture, string.Join(",", labels), s.TrainingClips, s.ValidationClips,
            files.Count - rows.Count, s.EpochsRun, s.BestEpoch, s.ValidationAccuracy, s.ValidationLoss, watch.Elapsed.TotalSeconds);
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
                rows[i] = extractor.Extract(AudioFile.ReadAll(files[i].Path)).Data;
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
}
