using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models;

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
        if (!AnomalyDecision.CanDecide(model.Threshold))
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
        using var reader = AudioFile.Open(path);
        if (_options.SegmentDuration is not { } duration || reader.TotalFrames <= 0)
        {
            // One clip: the DCASE score is the mean over all of the clip's vectors. Streamed in blocks where the features
            // allow (memory flat at any length); otherwise the clip is read whole.
            (double Score, long Frames)? streamed;
            try
            {
                streamed = StreamedClipScore.TryScore(path, reader, _extractor, _model, cancellationToken);
            }
            catch (OnnxModelException e)
            {
                throw new AudioFileException(path, "not scored: " + e.Message, e);
            }
            catch (ArgumentException e)
            {
                // A channel the file does not have: a problem of this file, reported against it; the others go on.
                throw new AudioFileException(path, e.Message, e);
            }
            if (streamed is { } clip) return [Result(path, clip.Score, 0, clip.Frames, reader.Format.SampleRate)];
            reader.Dispose();
            var audio = AudioFile.ReadAll(path);
            cancellationToken.ThrowIfCancellationRequested();
            return [Score(path, audio, 0)];
        }

        // Segments are read one at a time, so an hour-long recording needs memory for one segment, not the hour.
        var rate = reader.Format.SampleRate;
        var results = new List<PredictionResult>();
        foreach (var (start, frames) in Segments(reader.TotalFrames, rate, duration))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var audio = ReadFrames(reader, frames);
            if (audio.Frames == 0) break; // the file held fewer frames than its header said
            results.Add(Score(path, audio, start));
        }
        return results;
    }

    private PredictionResult Score(string path, AudioBuffer audio, long startFrame)
    {
        NonFiniteSamples.ThrowIfAny(path, audio, startFrame); // flagged: a NaN score would be neither normal nor anomalous
        FeatureMatrix vectors;
        try
        {
            vectors = _extractor.Extract(audio);
        }
        catch (ArgumentException e)
        {
            throw ExtractionError.ForFile(path, e); // too short (ClipTooShortException), or a channel it lacks
        }
        double score;
        try
        {
            score = _model.ScoreClip(vectors);
        }
        catch (OnnxModelException e)
        {
            // A NaN score or a wrongly shaped output for this clip: reported against the file, the others go on.
            throw new AudioFileException(path, "not scored: " + e.Message, e);
        }
        return Result(path, score, startFrame, audio.Frames, audio.SampleRate);
    }

    private PredictionResult Result(string path, double score, long startFrame, long frames, int rate)
    {
        var isAnomaly = AnomalyDecision.IsAnomaly(score, _model.Threshold);
        return new PredictionResult(path, Seconds(startFrame, rate), Seconds(frames, rate), score, _model.Threshold,
            isAnomaly, PredictionResult.LabelFor(isAnomaly), _model.Name);
    }

    /// <summary>The next <paramref name="frames"/> frames (fewer at the end of the file).</summary>
    private static AudioBuffer ReadFrames(IAudioReader reader, long frames)
    {
        var channels = reader.Format.Channels;
        var samples = new float[checked(frames * channels)];
        long read = 0;
        while (read < frames)
        {
            var n = reader.Read(samples.AsSpan((int)(read * channels)));
            if (n == 0) break;
            read += n;
        }
        if (read < frames) Array.Resize(ref samples, (int)(read * channels));
        return new AudioBuffer(reader.Format, samples);
    }

    /// <summary>
    /// Consecutive segments (in the file's own frames) covering every frame once; a remainder too short to give one
    /// feature vector joins the segment before it.
    /// </summary>
    private IEnumerable<(long Start, long Frames)> Segments(long total, int rate, TimeSpan duration)
    {
        long size = (long)Math.Max(1, Math.Round(duration.TotalSeconds * rate));
        long minimum = (long)Math.Ceiling(_extractor.MinimumSamples * (double)rate / _model.FeatureSettings.SampleRate);
        for (long start = 0; start < total; start += size)
        {
            long frames = Math.Min(size, total - start);
            long rest = total - start - frames;
            if (rest > 0 && rest < minimum) frames += rest;
            yield return (start, frames);
            if (start + frames >= total) yield break;
        }
    }

    private static double Seconds(long samples, int rate) => samples / (double)rate;
}
