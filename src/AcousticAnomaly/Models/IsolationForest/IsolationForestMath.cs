namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>The small numeric pieces of scikit-learn's IsolationForest, kept in one place so trainer, scorer and
/// importers agree bit for bit.</summary>
public static class IsolationForestMath
{
    /// <summary>numpy's np.euler_gamma (full double precision, as sklearn uses it).</summary>
    public const double EulerGamma = 0.5772156649015329;

    /// <summary>
    /// c(n), the average path length of an unsuccessful search in a binary search tree of n items (sklearn's
    /// _average_path_length): 0 for n &lt;= 1, 1 for n = 2, else 2 (ln(n - 1) + gamma) - 2 (n - 1) / n.
    /// </summary>
    public static double AveragePathLength(int n)
    {
        if (n <= 1) return 0.0;
        if (n == 2) return 1.0;
        double d = n;
        return 2.0 * (Math.Log(d - 1.0) + EulerGamma) - 2.0 * (d - 1.0) / d;
    }

    /// <summary>Depth limit sklearn uses: ceil(log2(max(maxSamples, 2))).</summary>
    public static int DepthLimit(int maxSamples) => (int)Math.Ceiling(Math.Log2(Math.Max(maxSamples, 2)));

    /// <summary>
    /// The largest float &lt;= <paramref name="threshold"/>. sklearn stores split thresholds as doubles but compares
    /// float32 features against them; for any float x, x &lt;= t (double) exactly when x &lt;= RoundDown(t), so trees
    /// imported with rounded-down thresholds make identical decisions.
    /// </summary>
    public static float ThresholdToFloat(double threshold)
    {
        if (double.IsNaN(threshold)) throw new ArgumentException("A split threshold is NaN.", nameof(threshold));
        var f = (float)threshold;
        // (float) rounds to nearest; step down when that went above the double (also maps overflow to +inf -> MaxValue).
        if (f > threshold) f = MathF.BitDecrement(f);
        return f;
    }
}
