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

        if (model.ClipTopK is not null) return null; // top-k pooling: read whole (this path keeps only a running sum)

        int bands = settings.MelBands, stack = settings.Frames, batchRows = AnomalyModel.BatchRows;
        // Log-mel frames not yet consumed: enough for one batch of vectors plus the frames they share with the next.
        var logMel = new float[(batchRows + stack - 1) * bands];
        int logMelFrames = 0;
        long vectors = 0;
        double sum = 0;
        FeatureMatrix? batch = null; // reused: a fresh array per batch would only grow the heap

        void ScoreBatch(int rows)
        {
            batch = FeatureExtractor.StackFrames(logMel.AsSpan(0, (rows + stack - 1) * bands), bands, stack, batch);
            foreach (var s in model.ScoreVectors(batch)) sum += s;
            vectors += rows;
            int keep = logMelFrames - rows;
            logMel.AsSpan(rows * bands, keep * bands).CopyTo(logMel);
            logMelFrames = keep;
        }

        var (frames, _, _) = StreamedLogMel.Run(path, reader, extractor, frame =>
        {
            frame.CopyTo(logMel.AsSpan(logMelFrames * bands, bands));
            if (++logMelFrames == batchRows + stack - 1) ScoreBatch(batchRows);
        }, cancellationToken: cancellationToken);
        int rest = logMelFrames - stack + 1;
        if (rest > 0) ScoreBatch(rest);
        if (vectors == 0) return null;
        return (sum / vectors, frames);
    }
}
