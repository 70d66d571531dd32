using System.Runtime.InteropServices;
using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Features;

/// <summary>
/// The one-row-per-clip feature vector of a whole file (stats, TWFR, images) from its log-mel frames as they stream in
/// (<see cref="StreamedLogMel"/>), in memory that does not grow with the file, and identical to the vector of the file
/// read whole (issue 15 item 13):
/// <list type="bullet">
/// <item>images keep only their first FixedFrames frames;</item>
/// <item>mean/std sum the frames in the same order; the second pass (squared deviations from the mean) reads the frames
/// back from a temporary file deleted on close, rather than holding them;</item>
/// <item>TWFR keeps per band only the loudest values whose weight r^k is not zero (k &lt; ~1075 for r = 0.5); a decay
/// so close to 1 that this exceeds <see cref="MaxTwfrValues"/> is not streamed (null: the caller reads the file whole).</item>
/// </list>
/// </summary>
internal static class StreamedClipVector
{
    /// <summary>Most values TWFR may keep (16 MB); beyond it the pooling needs every frame.</summary>
    internal const int MaxTwfrValues = 4 << 20;

    /// <summary>The clip's vector (one row), the file's frames and its peak sample, or null when not streamable or too short.</summary>
    public static (FeatureMatrix Vector, long SourceFrames, float Peak)? TryExtract(string path, IAudioReader reader, FeatureExtractor extractor,
        CancellationToken cancellationToken = default)
    {
        var settings = extractor.Settings;
        int bands = settings.MelBands;
        switch (settings.FeatureSet)
        {
            case FeatureSet.LogMelImage or FeatureSet.MfccImage:
            {
                var logMel = new float[settings.FixedFrames * bands];
                int kept = 0;
                var (source, frames, peak) = StreamedLogMel.Run(path, reader, extractor, f => f.CopyTo(logMel.AsSpan(kept++ * bands)),
                    settings.FixedFrames, cancellationToken);
                return frames == 0 ? null : (extractor.VectorFromLogMel(logMel.AsSpan(0, kept * bands), kept), source, peak);
            }
            case FeatureSet.LogMelStats or FeatureSet.MfccStats:
            {
                bool mfcc = settings.FeatureSet == FeatureSet.MfccStats;
                using var stats = new TwoPassMeanAndStd(mfcc ? settings.MfccCount : bands);
                var row = new float[stats.Columns];
                var (source, frames, peak) = StreamedLogMel.Run(path, reader, extractor, f =>
                {
                    if (mfcc) extractor.MfccFrame(f, row);
                    stats.Add(mfcc ? row : f);
                }, cancellationToken: cancellationToken);
                return frames == 0 ? null : (stats.Result(), source, peak);
            }
            case FeatureSet.LogMelTwfr:
            {
                int keep = TwfrValues(settings.TwfrDecay, MaxTwfrValues / bands);
                if (keep < 0) return null;
                var top = new TopValues[bands];
                for (int b = 0; b < bands; b++) top[b] = new TopValues(keep);
                var (source, frames, peak) = StreamedLogMel.Run(path, reader, extractor, f =>
                {
                    for (int b = 0; b < bands; b++) top[b].Add(f[b]);
                }, cancellationToken: cancellationToken);
                return frames == 0 ? null : (Twfr(top, frames, settings.TwfrDecay), source, peak);
            }
            default:
                return null;
        }
    }

    /// <summary>How many sorted values TWFR weighs before r^k underflows to 0 (as <see cref="TwfrPooling"/> computes
    /// the weights), or -1 when more than <paramref name="most"/>.</summary>
    private static int TwfrValues(double decay, int most)
    {
        double w = 1;
        for (int k = 0; k <= most; k++)
        {
            if (w == 0) return Math.Max(k, 1);
            w *= decay;
        }
        return -1;
    }

    /// <summary><see cref="TwfrPooling.Pool"/> from each band's loudest values: the same weights, sums and order.</summary>
    private static FeatureMatrix Twfr(TopValues[] top, int frames, double decay)
    {
        double w = 1, total = 0;
        for (int k = 0; k < frames; k++)
        {
            total += w;
            w *= decay;
        }
        var result = new FeatureMatrix(1, top.Length);
        for (int b = 0; b < top.Length; b++)
        {
            var column = top[b].SortedAscending();
            double sum = 0, weight = 1;
            for (int k = 0; k < column.Length && weight > 0; k++, weight *= decay) sum += weight * column[column.Length - 1 - k];
            result.Data[b] = (float)(sum / total);
        }
        return result;
    }

    /// <summary>The largest values seen, at most a fixed count (a min-heap of them).</summary>
    private sealed class TopValues(int capacity)
    {
        private readonly PriorityQueue<float, float> _heap = new(capacity);

        public void Add(float value)
        {
            if (_heap.Count < capacity) _heap.Enqueue(value, value);
            else if (value > _heap.Peek()) _heap.DequeueEnqueue(value, value);
        }

        public float[] SortedAscending()
        {
            var values = new float[_heap.Count];
            for (int i = 0; i < values.Length; i++) values[i] = _heap.Dequeue();
            return values;
        }
    }

    /// <summary>
    /// <see cref="FeatureExtractor.MeanAndStd(FeatureMatrix)"/> over rows that arrive one at a time: the sums in the
    /// same order (so the same doubles), the rows kept for the second pass in a temporary file instead of memory.
    /// </summary>
    private sealed class TwoPassMeanAndStd(int columns) : IDisposable
    {
        private readonly double[] _mean = new double[columns];
        private readonly FileStream _rows = new(Path.Combine(Path.GetTempPath(), $"acoustic-anomaly-rows-{Guid.NewGuid():N}.tmp"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        private long _count;

        public int Columns => columns;

        public void Add(ReadOnlySpan<float> row)
        {
            for (int j = 0; j < columns; j++) _mean[j] += row[j];
            _rows.Write(MemoryMarshal.AsBytes(row));
            _count++;
        }

        public FeatureMatrix Result()
        {
            for (int j = 0; j < columns; j++) _mean[j] /= _count;
            var sq = new double[columns];
            var row = new float[columns];
            _rows.Position = 0;
            for (long r = 0; r < _count; r++)
            {
                _rows.ReadExactly(MemoryMarshal.AsBytes(row.AsSpan()));
                for (int j = 0; j < columns; j++)
                {
                    double d = row[j] - _mean[j];
                    sq[j] += d * d;
                }
            }
            var result = new FeatureMatrix(1, 2 * columns);
            for (int j = 0; j < columns; j++)
            {
                result.Data[j] = (float)_mean[j];
                result.Data[columns + j] = (float)Math.Sqrt(sq[j] / _count);
            }
            return result;
        }

        public void Dispose() => _rows.Dispose();
    }
}
