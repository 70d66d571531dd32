using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Features;

/// <summary>
/// Every feature vector of a whole file for training, without holding its audio (issue 15 item 13): one-row-per-clip
/// sets via <see cref="StreamedClipVector"/>; stacked log-mel vectors as their frames stream in, at most
/// <c>maxRows</c> of them - a longer file keeps every 2nd, 4th, 8th... vector (evenly spread over the whole file), since
/// its vectors alone would grow without bound (an hour at 16 kHz is 112,000 vectors, 288 MB). A file within the bound
/// gives exactly <see cref="FeatureExtractor.Extract(AudioBuffer)"/>'s vectors.
/// </summary>
internal static class StreamedVectors
{
    /// <summary>The kept vectors, how many the whole file gives, the stride between kept ones (1 = all) and the file's
    /// peak sample; null when the features cannot be streamed or the file gives no vector (read it whole instead).</summary>
    public static (FeatureMatrix Vectors, long TotalVectors, int Stride, float Peak)? TryExtract(string path, IAudioReader reader,
        FeatureExtractor extractor, int maxRows, CancellationToken cancellationToken = default)
    {
        var settings = extractor.Settings;
        if (settings.FeatureSet != FeatureSet.LogMelFrames)
        {
            return StreamedClipVector.TryExtract(path, reader, extractor, cancellationToken) is { } clip
                ? (clip.Vector, 1, 1, clip.Peak)
                : null;
        }
        if (maxRows < 1) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "At least one vector per file.");

        int bands = settings.MelBands, stack = settings.Frames, width = bands * stack;
        var window = new float[width]; // the last `stack` log-mel frames, oldest first
        var rows = new float[Math.Min(maxRows, 1024) * width];
        int kept = 0, stride = 1, seen = 0;
        long vectors = 0;

        var (_, _, peak) = StreamedLogMel.Run(path, reader, extractor, frame =>
        {
            window.AsSpan(bands).CopyTo(window);
            frame.CopyTo(window.AsSpan(width - bands));
            if (++seen < stack) return;
            long v = vectors++;
            if (v % stride != 0) return;
            if (kept == maxRows)
            {
                // Full: keep every other kept vector (those at multiples of twice the stride) and go on at that stride.
                for (int i = 0; 2 * i < kept; i++) rows.AsSpan(2 * i * width, width).CopyTo(rows.AsSpan(i * width));
                kept = (kept + 1) / 2;
                stride *= 2;
                if (v % stride != 0) return;
            }
            if (rows.Length < (kept + 1) * width) Array.Resize(ref rows, (int)Math.Min((long)maxRows * width, 2L * rows.Length));
            window.CopyTo(rows, kept++ * width);
        }, cancellationToken: cancellationToken);
        if (kept == 0) return null;
        if (rows.Length != kept * width) Array.Resize(ref rows, kept * width);
        return (new FeatureMatrix(rows, kept, width), vectors, stride, peak);
    }
}
