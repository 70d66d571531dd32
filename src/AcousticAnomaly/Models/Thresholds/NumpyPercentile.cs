namespace AcousticAnomaly.Models.Thresholds;

/// <summary>
/// numpy.percentile with the default 'linear' method, reproduced operation for operation (numpy 1.24
/// function_base._quantile and _lerp) so thresholds agree to the last bit, not just to rounding.
/// </summary>
internal static class NumpyPercentile
{
    /// <param name="values">any order; not modified.</param>
    /// <param name="percent">0..100.</param>
    public static double Compute(IReadOnlyList<double> values, double percent) =>
        Compute(values as double[] ?? values.ToArray(), percent);

    /// <param name="values">any order; not modified.</param>
    /// <param name="percent">0..100.</param>
    public static double Compute(ReadOnlySpan<double> values, double percent)
    {
        if (values.Length == 0) throw new ArgumentException("No values to take a percentile of.");
        if (!(percent >= 0 && percent <= 100))
            throw new ArgumentException($"The percentile must be between 0 and 100 (got {percent}).");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int n = sorted.Length;
        double q = percent / 100.0;
        double virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1) return sorted[n - 1];
        int previous = (int)Math.Floor(virtualIndex);
        double gamma = virtualIndex - previous;
        double a = sorted[previous], b = sorted[previous + 1];
        double diff = b - a;
        // numpy's _lerp switches to the upper end for t >= 0.5 so that t = 1 returns b exactly.
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }
}
