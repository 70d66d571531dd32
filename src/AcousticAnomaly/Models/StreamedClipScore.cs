using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models;

/// <summary>
/// A whole-file (one clip) score with memory flat in the file's length (issue 15 item 13): the file is read in blocks
/// and its log-mel frames computed as the samples arrive (<see cref="StreamedLogMel"/>: resampled to the model's rate on
/// the way when the file has another). Stacked log-mel vectors are scored in the same <see cref="AnomalyModel.BatchRows"/>
/// batches the whole-clip path uses, so every per-vector score - and their mean, summed in the same order - is identical
/// to <see cref="AnomalyModel.ScoreClip"/> on the file read whole; one-row-per-clip sets are built by
/// <see cref="StreamedClipVector"/>, equally identical. Null when the features cannot be streamed (TWFR with a decay
/// near 1) or give no vector (the whole-file path then reports why).
/// </summary>
internal static class StreamedClipScore
{
    /// <summary>The clip score and the file's frame count, or null (see above).</summary>
    public static (double Score, long Frames)? TryScore(string path, IAudioReader reader, FeatureExtractor extractor,
        AnomalyModel model, CancellationToken cancellationToken)
    {
        var settings = extractor.Settings;
        if (settings.FeatureSet != FeatureSet.LogMelFrames)
        {
            return StreamedClipVector.TryExtract(path, reader, extractor, cancellationToken) is { } clip
                ? (model.ScoreClip(clip.Vector), clip.SourceFrames)
                : null;
        }

        long vectors = 0;
        double sum = 0;
        // Top-k pooling (block autoencoders) keeps only the k highest scores, the mean a running sum: memory stays flat.
        var top = model.ClipTopK is { } k ? new ClipPooling.Streamed(k) : null;
        var scorer = new StreamedVectorScores(extractor, model, score =>
        {
            if (top is null) sum += score;
            else top.Add(score);
            vectors++;
        });
        var (frames, _, _) = StreamedLogMel.Run(path, reader, extractor, scorer.Add, cancellationToken: cancellationToken);
        scorer.Finish();
        if (vectors == 0) return null;
        return (top?.Mean ?? sum / vectors, frames);
    }
}
