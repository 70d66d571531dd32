using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Plots;

namespace AcousticAnomaly.Evaluation;

/// <summary>
/// Measures a model on labelled recordings: scores every clip with <see cref="Predictor"/> (one score per file, the
/// DCASE way), measures with <see cref="ModelEvaluator"/> at the model's threshold (or the override) and optionally
/// writes the <see cref="HtmlReport"/> with log-mel spectrograms of the worst clips. The service behind
/// Measure-AnomalyModel and `acoustic-anomaly evaluate`.
/// </summary>
public sealed class ModelEvaluation
{
    private static readonly string[] AudioExtensions = [".wav", ".flac"];

    private readonly ModelEvaluationOptions _options;

    public ModelEvaluation(ModelEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>
    /// Labelled clips from lists of files and folders: a folder stands for its *.wav and *.flac files (not its
    /// subfolders), sorted by ordinal path so runs are repeatable; anything else is taken as a file (a missing one is
    /// reported when it is scored).
    /// </summary>
    public static IReadOnlyList<LabelledClip> FromPaths(IEnumerable<string> normal, IEnumerable<string> abnormal)
    {
        ArgumentNullException.ThrowIfNull(normal);
        ArgumentNullException.ThrowIfNull(abnormal);
        return ExpandAudioFiles(normal).Select(p => new LabelledClip(p, ClipLabels.Normal))
            .Concat(ExpandAudioFiles(abnormal).Select(p => new LabelledClip(p, ClipLabels.Anomaly)))
            .ToList();
    }

    /// <summary>Files as given; folders replaced by their WAV and FLAC files in ordinal order.</summary>
    public static IReadOnlyList<string> ExpandAudioFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (!Directory.Exists(path))
            {
                files.Add(path);
                continue;
            }
            files.AddRange(Directory.EnumerateFiles(path)
                .Where(f => AudioExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal));
        }
        return files;
    }

    /// <summary>
    /// Scores and measures <paramref name="clips"/>. A clip that cannot be scored is passed to
    /// <paramref name="onFileError"/> (as an <see cref="AudioFileException"/> naming it) and left out; a bad truth label,
    /// an unusable model, or too few scored clips of either class throws, because no honest result exists then.
    /// </summary>
    /// <param name="clips">The clips with their truth labels.</param>
    /// <param name="onFileError">Called, on the calling thread, for each clip left out.</param>
    /// <param name="progress">Stage and clip counts.</param>
    /// <param name="cancellationToken">Stops between clips.</param>
    public ModelEvaluationRun Evaluate(IReadOnlyList<LabelledClip> clips, Action<string, Exception>? onFileError = null,
        IProgress<ModelEvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        // Labels are checked before any scoring: a typo in one label should not cost a full scoring run.
        var labelled = clips.Select((c, i) => c is null
            ? throw new ArgumentException($"Clip {i} is null.", nameof(clips))
            : c with { Label = ClipLabels.Normalize(c.Label, c.Path) }).ToList();

        AnomalyModel? model = _options.ModelPath is null ? null : AnomalyModel.Load(_options.ModelPath, _options.Overrides);
        try
        {
            var threshold = model?.Threshold ?? _options.Overrides.Threshold!.Value;
            var name = model?.Name ?? _options.ModelName ?? "scores";
            var scored = model is null
                ? Decide(labelled, threshold, onFileError)
                : Score(new Predictor(model), labelled, onFileError, progress, cancellationToken);
            RequireBothClasses(scored, clips.Count);

            var result = new ModelEvaluator().Evaluate(scored, threshold, name);
            string? report = null;
            if (_options.ReportPath is not null)
            {
                var settings = model?.FeatureSettings ?? _options.Overrides.FeatureSettings ?? new FeatureSettings();
                var pictures = Spectrograms(HtmlReport.WorstClips(scored, threshold, _options.ReportSpectrograms), settings, model,
                    onFileError, progress, cancellationToken);
                progress?.Report(new ModelEvaluationProgress("Writing report", 1, 1, _options.ReportPath));
                report = Path.GetFullPath(_options.ReportPath);
                HtmlReport.Save(report, result, scored, pictures, _options.ReportTitle, DateTimeOffset.Now);
            }
            return new ModelEvaluationRun(result, scored, report);
        }
        finally
        {
            model?.Dispose();
        }
    }

    private static List<ScoredClip> Score(Predictor predictor, List<LabelledClip> clips, Action<string, Exception>? onFileError,
        IProgress<ModelEvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var scored = new List<ScoredClip>(clips.Count);
        for (int i = 0; i < clips.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clip = clips[i];
            progress?.Report(new ModelEvaluationProgress("Scoring", i, clips.Count, clip.Path));
            try
            {
                // Without segmenting options the Predictor gives exactly one result per file.
                var r = predictor.Predict(clip.Path, cancellationToken)[0];
                scored.Add(new ScoredClip(clip.Path, clip.Label, r.Score, r.IsAnomaly));
            }
            catch (Exception e) when (e is AudioFileException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                onFileError?.Invoke(clip.Path, ExtractionError.ForFile(clip.Path, e));
            }
        }
        progress?.Report(new ModelEvaluationProgress("Scoring", clips.Count, clips.Count));
        return scored;
    }

    private static List<ScoredClip> Decide(List<LabelledClip> clips, double threshold, Action<string, Exception>? onFileError)
    {
        var scored = new List<ScoredClip>(clips.Count);
        foreach (var clip in clips)
        {
            if (clip.Score is { } s && double.IsFinite(s)) scored.Add(ScoredClip.Decide(clip.Path, clip.Label, s, threshold));
            else onFileError?.Invoke(clip.Path, new ArgumentException(clip.Score is null
                ? $"{clip.Path}: no score; without a model every clip must carry one"
                : $"{clip.Path}: score is {clip.Score}; a finite score is needed"));
        }
        return scored;
    }

    private static void RequireBothClasses(List<ScoredClip> scored, int given)
    {
        int anomalies = scored.Count(c => c.Label == ClipLabels.Anomaly), normals = scored.Count - anomalies;
        if (anomalies == 0 || normals == 0)
            throw new InvalidOperationException(
                $"AUC needs scored clips of both classes, but of {given} clip(s) {normals} normal and {anomalies} anomalous could be scored.");
    }

    /// <summary>Picture width in envelope slices; the spectrogram image is one pixel per frame, scaled by the page.</summary>
    internal const int EnvelopeSlices = 400;

    private static List<ReportSpectrogram> Spectrograms(IReadOnlyList<ScoredClip> worst, FeatureSettings settings, AnomalyModel? model,
        Action<string, Exception>? onFileError, IProgress<ModelEvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var extractor = new FeatureExtractor(settings);
        var pictures = new List<ReportSpectrogram>(worst.Count);
        // Segments of one file share a path; one picture per file is enough.
        foreach (var path in worst.Select(c => c.Path).Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ModelEvaluationProgress("Rendering spectrograms", pictures.Count, worst.Count, path));
            try
            {
                pictures.Add(StreamedPicture(path, extractor, model, cancellationToken));
            }
            catch (Exception e) when (e is AudioFileException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                onFileError?.Invoke(path, ExtractionError.ForFile(path, e));
            }
        }
        return pictures;
    }

    /// <summary>
    /// One clip's picture with the file streamed (issue 15 item 13): its log-mel columns (<see cref="SpectrogramColumns"/>:
    /// the exporter's width budget and per-band max merging), the waveform envelope and, for a frame-based model, the
    /// per-vector scores all come from one pass in blocks; a clip within the width budget gets exactly the picture of
    /// the file read whole. A one-row-per-clip model scores the clip vector in a second streamed pass.
    /// </summary>
    internal static ReportSpectrogram StreamedPicture(string path, FeatureExtractor extractor, AnomalyModel? model, CancellationToken cancellationToken)
    {
        var settings = extractor.Settings;
        var columns = new SpectrogramColumns(new SpectrogramExportOptions().MaxWidth);
        var scores = model is null ? null : new ScoreSeries(); // capped: a long clip's line keeps each run's min and max
        bool framed = settings.FeatureSet == FeatureSet.LogMelFrames;
        using var reader = AudioFile.Open(path);
        int rate = reader.Format.SampleRate;
        var envelope = new StreamedEnvelope(
            rate == settings.SampleRate ? reader.TotalFrames : Resampler.OutputLength(reader.TotalFrames, rate, settings.SampleRate), EnvelopeSlices);
        var scorer = model is not null && framed ? new StreamedVectorScores(extractor, model, scores!.Add) : null;
        StreamedLogMel.Run(path, reader, extractor, frame =>
        {
            columns.Add(frame);
            scorer?.Add(frame);
        }, cancellationToken: cancellationToken, onSamples: envelope.Add);
        scorer?.Finish();
        if (model is not null && !framed) foreach (var score in ClipVectorScores(path, extractor, model, cancellationToken)) scores!.Add(score);
        return new ReportSpectrogram(path, SpectrogramImage.Render(columns.Checked(path)).ToPng())
        {
            Envelope = envelope.ToArray(),
            // Per-vector scores show where in the clip the model hears the anomaly (a frame-based model).
            VectorScores = scores?.ToArray(),
        };
    }

    /// <summary>The score of a one-row-per-clip set's vector, streamed; read whole when the set cannot stream (TWFR decay near 1).</summary>
    private static double[] ClipVectorScores(string path, FeatureExtractor extractor, AnomalyModel model, CancellationToken cancellationToken)
    {
        using var reader = AudioFile.Open(path);
        return StreamedClipVector.TryExtract(path, reader, extractor, cancellationToken) is { } clip
            ? model.ScoreVectors(clip.Vector)
            : model.ScoreVectors(extractor.Extract(extractor.ToMono(AudioFile.ReadAll(path))));
    }
}
