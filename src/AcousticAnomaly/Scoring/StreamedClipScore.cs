using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;

namespace AcousticAnomaly.Scoring;

/// <summary>
/// A whole-file (one clip) score with memory flat in the file's length (issue 15 item 13): the file is read in blocks,
/// log-mel frames are computed as their samples arrive, and vectors are scored in the same 4096-row batches the
/// whole-clip path uses, so every per-vector score - and their mean, summed in the same order - is identical to
/// <see cref="AnomalyModel.ScoreClip"/> on the file read whole. Serves stacked log-mel frames at the model's own rate;
/// other feature sets (one row per clip) and files needing resampling return null and are read whole.
/// </summary>
internal static class StreamedClipScore
{
    private const int BlockFrames = 1 << 16;

    /// <summary>The clip score and the file's frame count, or null when this file cannot be streamed (see above) or
    /// gives no vector (the whole-file path then reports why).</summary>
    public static (double Score, long Frames)? TryScore(string path, IAudioReader reader, FeatureExtractor extractor,
        AnomalyModel model, CancellationToken cancellationToken)
    {
        var settings = extractor.Settings;
        if (settings.FeatureSet != FeatureSet.LogMelFrames || reader.Format.SampleRate != settings.SampleRate) return null;
        if (model.ClipTopK is not null) return null; // top-k pooling: read whole (this path keeps only a running sum)

        int hop = settings.HopLength, bands = settings.MelBands, stack = settings.Frames, batchRows = AnomalyModel.BatchRows;
        long pad = settings.Center ? settings.FftSize / 2 : 0;
        int channels = reader.Format.Channels;
        var scratch = extractor.CreateFrameScratch();

        // Mono samples [bufStart, bufStart + bufLength) of the signal.
        var buffer = new float[BlockFrames + settings.FftSize];
        long bufStart = 0;
        int bufLength = 0;
        // Log-mel frames not yet consumed: enough for one batch of vectors plus the frames they share with the next.
        var logMel = new float[(batchRows + stack - 1) * bands];
        int logMelFrames = 0;
        int nextFrame = 0;
        long totalFrames = 0, vectors = 0;
        double sum = 0;
        var interleaved = new float[BlockFrames * channels];

        FeatureMatrix? batch = null; // reused: a fresh 10 MB array per batch would only grow the heap
        void ScoreBatch(int rows)
        {
            batch = FeatureExtractor.StackFrames(logMel.AsSpan(0, (rows + stack - 1) * bands), bands, stack, batch);
            foreach (var s in model.ScoreVectors(batch)) sum += s;
            vectors += rows;
            int keep = logMelFrames - rows;
            logMel.AsSpan(rows * bands, keep * bands).CopyTo(logMel);
            logMelFrames = keep;
        }

        void AddFrame(int t)
        {
            extractor.LogMelFrame(buffer.AsSpan(0, bufLength), bufStart, t, logMel.AsSpan(logMelFrames * bands, bands), scratch);
            if (++logMelFrames == batchRows + stack - 1) ScoreBatch(batchRows);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read = 0;
            while (read < BlockFrames)
            {
                int n = reader.Read(interleaved.AsSpan(read * channels, (BlockFrames - read) * channels));
                if (n == 0) break;
                read += n;
            }
            if (read == 0) break;
            var block = new AudioBuffer(reader.Format, interleaved.AsSpan(0, read * channels).ToArray());
            NonFiniteSamples.ThrowIfAny(path, block, totalFrames);
            var mono = extractor.ToMono(block);
            // Drop samples no later frame needs, then append the block.
            long keepFrom = Math.Max(bufStart, Math.Min(bufStart + bufLength, (long)nextFrame * hop - pad));
            int drop = (int)(keepFrom - bufStart);
            buffer.AsSpan(drop, bufLength - drop).CopyTo(buffer);
            bufLength -= drop;
            bufStart = keepFrom;
            if (buffer.Length < bufLength + mono.Length) Array.Resize(ref buffer, bufLength + mono.Length);
            mono.CopyTo(buffer, bufLength);
            bufLength += mono.Length;
            totalFrames += read;
            // Every frame whose samples have all arrived.
            while ((long)nextFrame * hop - pad + settings.FftSize <= bufStart + bufLength) AddFrame(nextFrame++);
        }

        // End of the file: the remaining frames reach into the zero padding.
        int frameCount = extractor.FrameCount(totalFrames);
        while (nextFrame < frameCount) AddFrame(nextFrame++);
        int rest = logMelFrames - stack + 1;
        if (rest > 0) ScoreBatch(rest);
        if (vectors == 0) return null;
        return (sum / vectors, totalFrames);
    }
}
