namespace AcousticAnomaly.Models.Thresholds;

/// <summary>
/// np.sum's pairwise summation (numpy pairwise_sum: blocks of 128 split in halves, 8 partial sums inside a block).
/// The gamma fit compares likelihoods that differ in the last bits near its optimum; summing in numpy's order keeps
/// the Nelder-Mead search on SciPy's path.
/// </summary>
internal static class NumpySum
{
    public static double Sum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            // numpy starts from -0.0 so an all -0.0 sum stays -0.0; irrelevant here, but cheap to copy.
            double res = -0.0;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= 128)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return Sum(a[..n2]) + Sum(a[n2..]);
    }

    public static double Mean(ReadOnlySpan<double> a) => Sum(a) / a.Length;
}
