using System.Reflection;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Detectors.Thresholds;
using AcousticAnomaly.Features;
using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

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

        var clips = ExtractAll(files, onFileError, progress, cancellationToken);
        if (clips.Count == 0)
            throw new InvalidOperationException($"none of the {files.Count} training files could be used (each was reported)");
        var all = Concatenate(clips.Select(c => c.Vectors).ToList());
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

        var clipScores = clips.Select(c => trained.Score(c.Vectors).Average()).ToList();
        var threshold = Threshold(trained, clipScores);
        var created = DateTime.UtcNow;
        var metadata = new ModelMetadata
        {
            Algorithm = _detector.Algorithm,
            FeatureSettings = _options.Features,
            Threshold = threshold.Value,
            ThresholdMethod = threshold.Method,
            ScoreKind = trained.ScoreKind,
            Training = new TrainingSummary
            {
                Clips = clips.Count,
                Vectors = all.Rows,
                CreatedUtc = created,
                ToolVersion = ToolVersion,
                Parameters = new Dictionary<string, string>(_detector.Parameters)
                {
                    ["threshold_method"] = threshold.Method,
                    ["threshold_parameter"] = _options.ThresholdParameter?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "default",
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

    /// <summary>Passes each report straight on, on the reporting thread (Progress&lt;T&gt; would post it to the pool and
    /// reorder epochs).</summary>
    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Peak below -80 dBFS: all zeros, or only the +-1 LSB dither sox adds when writing 16-bit silence.</summary>
    private static bool IsSilent(float[] samples)
    {
        foreach (var s in samples) if (Math.Abs(s) >= 1e-4f) return false;
        return true;
    }

    private List<Clip> ExtractAll(IReadOnlyList<string> files, Action<string, Exception>? onFileError,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new Clip?[files.Count];
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        // One extractor per worker: extractors keep scratch buffers, and clips are the coarse unit worth spreading.
        Parallel.For(0, files.Count, parallel, () => new FeatureExtractor(_options.Features, maxDegreeOfParallelism: 1), (i, _, extractor) =>
        {
            try
            {
                var audio = AudioFile.ReadAll(files[i]);
                NonFiniteSamples.ThrowIfAny(files[i], audio); // reported and skipped: it would poison the threshold
                results[i] = new Clip(files[i], extractor.Extract(audio), IsSilent(audio.Samples));
            }
            catch (Exception e) when (e is AudioFileException or ArgumentException or IOException)
            {
                onFileError?.Invoke(files[i], e is ArgumentException ? new AudioFileException(files[i], e.Message, e) : e);
            }
            var n = Interlocked.Increment(ref done);
            progress?.Report(new TrainingProgress("Extracting features", n, files.Count, files[i]));
            return extractor;
        }, _ => { });
        return results.OfType<Clip>().ToList();
    }

    private static FeatureMatrix Concatenate(IReadOnlyList<FeatureMatrix> parts)
    {
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
