using System.Reflection;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.IO;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Training;

/// <summary>
/// Trains a model from audio files of normal sound: features from every clip, the detector fitted on all vectors, a
/// clip threshold from the training clips' scores, and one ONNX file carrying the graph, the feature settings, the
/// threshold and a training summary. The service behind New-*Model and `acoustic-anomaly train`.
/// </summary>
public sealed class ModelTrainer
{
    private readonly IDetectorTrainer _detector;
    private readonly TrainingOptions _options;

    public ModelTrainer(IDetectorTrainer detector, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        _options = options ?? new TrainingOptions();
        // A detector that reads one fixed input layout (e.g. blocks of 0.6 s of frames) sets it here, before extraction.
        if (detector is IFeatureShapingDetectorTrainer shaping) _options = _options with { Features = shaping.Features(_options.Features) };
    }

    /// <param name="files">Training clips (WAV or FLAC).</param>
    /// <param name="outputPath">The .onnx file to write.</param>
    /// <param name="onFileError">Called (from a worker thread) for each clip that cannot be used; training goes on without it.</param>
    /// <param name="progress">Stage and clip counts.</param>
    /// <param name="cancellationToken">Stops between clips and between trees.</param>
    /// <param name="onWarning">Called (on the calling thread) when the model trains but is likely useless, e.g. every
    /// clip was digital silence: the cmdlets' WriteWarning, the CLI's "warning:" line.</param>
    public ModelInfo Train(IReadOnlyList<string> files, string outputPath, Action<string, Exception>? onFileError = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, Action<string>? onWarning = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(outputPath);
        var target = Path.GetFullPath(outputPath);
        if (File.Exists(target) && !_options.Overwrite)
            throw new TargetExistsException(target, "model file");
        if (files.Count == 0) throw new ArgumentException("no training files were given", nameof(files));

        var thinned = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var clips = ExtractAll(files, onFileError, progress, thinned, cancellationToken);
        foreach (var message in thinned) onWarning?.Invoke(message); // on the calling thread, as promised
        if (clips.Count == 0)
            throw new InvalidOperationException($"none of the {files.Count} training files could be used (each was reported)");
        var all = HeldOutScores.Concatenate(clips.Select(c => c.Vectors).ToList());
        int silent = clips.Count(c => c.Silent);
        if (silent > 0)
        {
            onWarning?.Invoke(silent == clips.Count
                ? $"all {clips.Count} training clips are digital silence (peak below -80 dBFS): the model has learned no machine sound and will call any sound anomalous."
                : $"{silent} of {clips.Count} training clips are digital silence (peak below -80 dBFS); check the recordings.");
        }

        progress?.Report(new TrainingProgress("Fitting " + _detector.Algorithm, 0, 1));
        if (_detector is IIterativeDetectorTrainer iterative)
            iterative.Iterations = progress is null ? null : new Relay<TrainingIteration>(i =>
                progress.Report(new TrainingProgress($"Fitting {_detector.Algorithm}: {i}", i.Completed, i.Total, Iteration: i)));
        var trained = _detector is IClipAwareDetectorTrainer clipAware
            ? clipAware.Train(clips.Select(c => (c.Path, c.Vectors)).ToList(), all, cancellationToken)
            : _detector.Train(all, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        // Snapshot before the fold models overwrite what the detector records (e.g. a GMM's chosen component count).
        var parameters = new Dictionary<string, string>(_detector.Parameters);

        string? scaleReason = null;
        IReadOnlyList<double>? heldOut = trained is IHeldOutScored scored ? scored.HeldOutClipScores : HeldOutClipScores(clips, trained, progress, cancellationToken, onWarning, out scaleReason);
        IReadOnlyList<double> clipScores = heldOut ?? clips.Select(c => Models.ClipPooling.Pool(trained.Score(c.Vectors), trained.ClipTopK)).ToList();
        var threshold = Threshold(trained, clipScores);
        var created = DateTime.UtcNow;
        var metadata = new ModelMetadata
        {
            Algorithm = _detector.Algorithm,
            FeatureSettings = _options.Features,
            Threshold = threshold.Value,
            ThresholdMethod = threshold.Method,
            ScoreKind = trained.ScoreKind,
            ClipTopK = trained.ClipTopK,
            Training = new TrainingSummary
            {
                Clips = clips.Count,
                Vectors = all.Rows,
                CreatedUtc = created,
                ToolVersion = ToolVersion,
                Parameters = new Dictionary<string, string>(parameters)
                {
                    ["threshold_method"] = threshold.Method,
                    ["threshold_parameter"] = _options.ThresholdParameter?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "default",
                    ["threshold_scores"] = heldOut is null ? "in-sample" : trained is IHeldOutScored ? "held-out (the detector's own)"
                        : $"held-out ({Math.Min(_options.ThresholdFolds, clips.Count)} folds{(scaleReason is null ? "" : $", shifted to the model's scale: {scaleReason}")})",
                },
            },
        };
        progress?.Report(new TrainingProgress("Writing model", 1, 1));
        trained.Export(target, metadata);
        return new ModelInfo(target, _detector.Algorithm, _options.Features.FeatureSet, clips.Count, all.Rows, threshold.Value, created)
        {
            ThresholdMethod = threshold.Method,
        };
    }

    private FittedThreshold Threshold(ITrainedDetector trained, IReadOnlyList<double> clipScores)
    {
        var method = _options.ThresholdMethod ?? _detector.DefaultThresholdMethod;
        var parameter = _options.ThresholdParameter;
        if (method == ThresholdMethod.Contamination && parameter is null)
        {
            var natural = trained.NaturalThreshold
                ?? throw new ArgumentException($"{_detector.Algorithm} has no natural decision boundary: give a contamination fraction or another threshold method");
            return new FittedThreshold(natural, $"Natural({natural.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
        }
        parameter ??= method == ThresholdMethod.Percentile ? ThresholdCalculator.DefaultPercentile : ThresholdCalculator.DefaultGammaQuantile;
        return FittedThreshold.Fit(clipScores, method, parameter.Value);
    }

    private sealed record Clip(string Path, FeatureMatrix Vectors, bool Silent);

    /// <summary>
    /// Each clip's score from a model that did not see it (clip i in fold i mod k, k = min(ThresholdFolds, clips)):
    /// what a new normal clip will score. In-sample scores sit far lower - with one pooled vector per clip a GMM or
    /// Mahalanobis model fits each training clip almost exactly (a GMM's -log-likelihood -323 in sample, 1e6 on any new
    /// clip), so a threshold fitted on them flags everything. Null when folds are off (ThresholdFolds &lt; 2), there
    /// are too few clips, or the detector cannot train on a fold (e.g. more clusters than the fold's vectors): then the
    /// in-sample scores are used, with a warning in the last case. When the fold models score on another scale than the
    /// model (<see cref="IFoldScaleSensitive"/>: a forest on fewer than 256 vectors; <paramref name="scaleReason"/> says
    /// why), their scores are shifted onto the model's (<see cref="HeldOutScores.Compute"/>).
    /// </summary>
    private List<double>? HeldOutClipScores(IReadOnlyList<Clip> clips, ITrainedDetector trained, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken, Action<string>? onWarning, out string? scaleReason)
    {
        scaleReason = null;
        int folds = Math.Min(_options.ThresholdFolds, clips.Count);
        bool naturalBoundary = (_options.ThresholdMethod ?? _detector.DefaultThresholdMethod) == ThresholdMethod.Contamination && _options.ThresholdParameter is null;
        if (folds < 2 || naturalBoundary) return null;
        var asPairs = clips.Select(c => (c.Path, c.Vectors)).ToList();
        scaleReason = HeldOutScores.FoldScaleMismatch(_detector, asPairs, folds);
        // The fold models' epochs are not the model's: they would repeat "Epoch 1/N" once per fold. Each fold is one step.
        var iterative = _detector as IIterativeDetectorTrainer;
        var iterations = iterative?.Iterations;
        if (iterative is not null) iterative.Iterations = null;
        try
        {
            return HeldOutScores.Compute(_detector, asPairs, folds, cancellationToken,
                (f, k) => progress?.Report(new TrainingProgress($"Fitting {_detector.Algorithm} without fold {f + 1} of {k} (threshold scores)", f, k)),
                scaleReason is null ? null : trained).ToList();
        }
        catch (ArgumentException e)
        {
            onWarning?.Invoke($"the threshold is fitted on in-sample training scores (likely too low): {_detector.Algorithm} cannot train without a fold of clips: {e.Message}");
            return null;
        }
        finally
        {
            if (iterative is not null) iterative.Iterations = iterations;
        }
    }

    /// <summary>Passes each report straight on, on the reporting thread (Progress&lt;T&gt; would post it to the pool and
    /// reorder epochs).</summary>
    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Peak below -80 dBFS: all zeros, or only the +-1 LSB dither sox adds when writing 16-bit silence.</summary>
    private const float SilentPeak = 1e-4f;

    private static bool IsSilent(float[] samples)
    {
        foreach (var s in samples) if (Math.Abs(s) >= SilentPeak) return false;
        return true;
    }

    private List<Clip> ExtractAll(IReadOnlyList<string> files, Action<string, Exception>? onFileError,
        IProgress<TrainingProgress>? progress, System.Collections.Concurrent.ConcurrentQueue<string> thinned, CancellationToken cancellationToken)
    {
        var results = new Clip?[files.Count];
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        // One extractor per worker: extractors keep scratch buffers, and clips are the coarse unit worth spreading.
        Parallel.For(0, files.Count, parallel, () => new FeatureExtractor(_options.Features, maxDegreeOfParallelism: 1), (i, _, extractor) =>
        {
            try
            {
                results[i] = Extract(files[i], extractor, thinned, cancellationToken);
            }
            catch (Exception e) when (e is AudioFileException or ArgumentException or IOException)
            {
                onFileError?.Invoke(files[i], ExtractionError.ForFile(files[i], e));
            }
            var n = Interlocked.Increment(ref done);
            progress?.Report(new TrainingProgress("Extracting features", n, files.Count, files[i]));
            return extractor;
        }, _ => { });
        return results.OfType<Clip>().ToList();
    }

    /// <summary>
    /// One file's vectors, streamed (the audio is never held whole; a long file's vectors thinned to
    /// MaxVectorsPerFile, reported in <paramref name="thinned"/>); read whole only when the features cannot stream or
    /// the file is too short, so that path reports why. NaN or infinite samples are reported and the file skipped: they
    /// would poison the threshold.
    /// </summary>
    private Clip Extract(string path, FeatureExtractor extractor, System.Collections.Concurrent.ConcurrentQueue<string> thinned,
        CancellationToken cancellationToken)
    {
        using (var reader = AudioFile.Open(path))
        {
            if (StreamedVectors.TryExtract(path, reader, extractor, _options.MaxVectorsPerFile, cancellationToken) is { } s)
            {
                if (s.Stride > 1)
                {
                    thinned.Enqueue($"{path}: {s.TotalVectors} feature vectors, every {s.Stride}th used ({s.Vectors.Rows}) to bound " +
                        $"memory (at most {_options.MaxVectorsPerFile} per file); split long recordings into clips to train on all of them.");
                }
                return new Clip(path, s.Vectors, s.Peak < SilentPeak);
            }
        }
        var audio = AudioFile.ReadAll(path);
        NonFiniteSamples.ThrowIfAny(path, audio);
        return new Clip(path, extractor.Extract(audio), IsSilent(audio.Samples));
    }

    private static FeatureMatrix Concatenate(IReadOnlyList<FeatureMatrix> parts)
    {
        if (parts.Count == 1) return parts[0]; // one long file: no second copy of its vectors
        var columns = parts[0].Columns;
        var data = new float[checked(parts.Sum(p => p.Data.Length))];
        int offset = 0;
        foreach (var p in parts)
        {
            p.Data.CopyTo(data, offset);
            offset += p.Data.Length;
        }
        return new FeatureMatrix(data, columns);
    }

    private static string ToolVersion =>
        typeof(ModelTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
