namespace AcousticAnomaly.Plots;

/// <summary>A spectrogram picture to embed in the report for one clip (PNG bytes, e.g. from <see cref="SpectrogramRenderer"/>).</summary>
public sealed record ReportSpectrogram(string Path, byte[] Png)
{
    /// <summary>The waveform drawn above the spectrogram: min then max sample of each of equal time slices (2 values a slice).</summary>
    public float[]? Envelope { get; init; }

    /// <summary>The model's score of each feature vector in time order (one per frame step for LogMelFrames, one for a
    /// pooled clip vector), drawn under the spectrogram against the threshold.</summary>
    public double[]? VectorScores { get; init; }

    /// <summary>Min/max envelope of a mono signal in <paramref name="slices"/> equal slices.</summary>
    public static float[] EnvelopeOf(ReadOnlySpan<float> mono, int slices)
    {
        if (mono.Length == 0 || slices < 1) return [];
        slices = Math.Min(slices, mono.Length);
        var envelope = new float[2 * slices];
        for (int s = 0; s < slices; s++)
        {
            var part = mono.Slice((int)((long)s * mono.Length / slices), Math.Max(1, (int)((long)(s + 1) * mono.Length / slices) - (int)((long)s * mono.Length / slices)));
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (var v in part)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            envelope[2 * s] = min;
            envelope[2 * s + 1] = max;
        }
        return envelope;
    }
}
