namespace AcousticAnomaly.Features;

/// <summary>
/// Time-weighted frequency-domain representation (TWFR, Guan et al., "Time-weighted frequency domain audio
/// representation with GMM estimator for anomalous sound detection", DCASE 2022 / ICASSP 2023): per mel band, the
/// frames sorted in descending order and averaged with normalised weights r^0, r^1, ..., so r = 1 is the mean and
/// r = 0 the maximum. One row of MelBands values per clip.
/// </summary>
public static class TwfrPooling
{
    /// <summary>Pools row-major [frames, bands] log-mel into one row (into reuse when it has that shape); decay is r.</summary>
    public static FeatureMatrix Pool(ReadOnlySpan<float> logMel, int frames, int bands, double decay, FeatureMatrix? reuse = null)
    {
        if (frames <= 0) throw new ArgumentException("Cannot pool an empty matrix.", nameof(logMel));
        // Weights in double, normalised once: r^k underflows to 0 for large k, which is what the sum needs anyway.
        var weights = new double[frames];
        double w = 1, total = 0;
        for (int k = 0; k < frames; k++)
        {
            weights[k] = w;
            total += w;
            w *= decay;
        }
        var column = new float[frames];
        var result = reuse is { Rows: 1 } same && same.Columns == bands ? same : new FeatureMatrix(1, bands);
        for (int b = 0; b < bands; b++)
        {
            for (int t = 0; t < frames; t++) column[t] = logMel[t * bands + b];
            Array.Sort(column);
            double sum = 0;
            for (int k = 0; k < frames && weights[k] > 0; k++) sum += weights[k] * column[frames - 1 - k];
            result.Data[b] = (float)(sum / total);
        }
        return result;
    }
}
