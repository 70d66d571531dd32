using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Scoring;

/// <summary>
/// Scores audio files with a model: reads the file (WAV or FLAC), repeats training's preprocessing from the model's
/// feature settings (channel rule, resampling, log-mel), scores every vector through ONNX Runtime and averages them per
/// clip or segment. The service behind Invoke-AnomalyPrediction and `acoustic-anomaly predict`.
/// </summary>
public sealed class Predictor
{
    private readonly AnomalyModel _model;
    private readonly PredictionOptions _options;
    private readonly FeatureExtractor _extractor;

    public Predictor(AnomalyModel model, PredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new PredictionOptions();
        _options.Validate();
        if (double.IsNaN(model.Threshold))
            throw new OnnxModelException(model.Path, "the model has no stored threshold; give one (-Threshold / --threshold)");
        _model = model;
        _extractor = new FeatureExtractor(model.FeatureSettings);
    }

    /// <summary>
    /// Results for one file, in time order. A file that cannot be read or is too short throws
    /// <see cref="AudioFileException"/> naming it, so a caller scoring many files reports it and goes on.
    /// </summary>
    public IReadOnlyList<PredictionResult> Predict(string path, CancellationToken cancellationToken = default)
    {
        var audio = AudioFile.ReadAll(path);
        cancellationToken.ThrowIfCancellationRequested();
        var mono = _extractor.ToMono(audio);
        var rate = _model.FeatureSettings.SampleRate;
        var results = new List<PredictionResult>();
        foreach (var (start, length) in Segments(mono.Length, rate))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var segment = mono.AsSpan(start, length);
            if (segment.Length < _extractor.MinimumSamples)
                throw new AudioFileException(path,
                    $"too short to score: {segment.Length / (double)rate:0.###} s of audio, at least {_extractor.MinimumSamples / (double)rate:0.###} s needed");
            var score = _model.ScoreClip(_extractor.Extract(segment));
            var isAnomaly = score > _model.Threshold;
            results.Add(new PredictionResult(path, Seconds(start, rate), Seconds(length, rate), score, _model.Threshold,
                isAnomaly, PredictionResult.LabelFor(isAnomaly), _model.Name));
        }
        return results;
    }

    /// <summary>Consecutive segments covering every sample once; a remainder too short to score joins the last segment.</summary>
    private IEnumerable<(int Start, int Length)> Segments(int samples, int rate)
    {
        if (_options.SegmentDuration is not { } duration)
        {
            yield return (0, samples);
            yield break;
        }
        int size = (int)Math.Max(1, Math.Round(duration.TotalSeconds * rate));
        for (int start = 0; start < samples; start += size)
        {
            int length = Math.Min(size, samples - start);
            int rest = samples - start - length;
            if (rest > 0 && rest < _extractor.MinimumSamples)
            {
                length += rest;
            }
            yield return (start, length);
            if (start + length >= samples) yield break;
        }
    }

    private static TimeSpan Seconds(long samples, int rate) => TimeSpan.FromSeconds(samples / (double)rate);
}
