namespace AcousticAnomaly.Evaluation;

/// <summary>
/// Areas under a <see cref="RocCurve"/>, equal to scikit-learn's roc_auc_score with and without max_fpr.
/// </summary>
public static class RocMetrics
{
    /// <summary>DCASE's pAUC limit.</summary>
    public const double DcaseMaxFpr = 0.1;

    /// <summary>Area under the whole ROC by the trapezoid rule (= roc_auc_score(y, s)).</summary>
    public static double Auc(RocCurve roc)
    {
        ArgumentNullException.ThrowIfNull(roc);
        return Trapezoid(roc.Fpr, roc.Tpr, roc.Fpr.Count);
    }

    /// <summary>
    /// McClish-standardised partial AUC up to <paramref name="maxFpr"/> (= roc_auc_score(y, s, max_fpr)):
    /// the ROC is cut at maxFpr with TPR linearly interpolated there, its area a is taken, and the result is
    /// 0.5 * (1 + (a - min) / (max - min)) with min = maxFpr^2 / 2 (the chance diagonal) and max = maxFpr, so
    /// chance gives 0.5 and a perfect detector 1. maxFpr = 1 gives the plain AUC, as in scikit-learn.
    /// </summary>
    public static double StandardizedPartialAuc(RocCurve roc, double maxFpr = DcaseMaxFpr)
    {
        ArgumentNullException.ThrowIfNull(roc);
        if (!(maxFpr > 0 && maxFpr <= 1))
            throw new ArgumentOutOfRangeException(nameof(maxFpr), maxFpr, "max_fpr must be in (0, 1].");
        if (maxFpr == 1) return Auc(roc);

        // stop = np.searchsorted(fpr, max_fpr, 'right'): the first index whose FPR exceeds maxFpr.
        var fpr = roc.Fpr;
        var tpr = roc.Tpr;
        int stop = 0;
        while (stop < fpr.Count && fpr[stop] <= maxFpr) stop++;
        // fpr ends at 1 > maxFpr, so stop < Count; fpr[0] = 0 <= maxFpr, so stop >= 1.
        double x0 = fpr[stop - 1], x1 = fpr[stop], y0 = tpr[stop - 1], y1 = tpr[stop];
        // np.interp on two points evaluates slope * (x - x0) + y0; x1 > maxFpr >= x0, so x1 != x0.
        double yAtMax = (y1 - y0) / (x1 - x0) * (maxFpr - x0) + y0;

        var xs = new double[stop + 1];
        var ys = new double[stop + 1];
        for (int i = 0; i < stop; i++) { xs[i] = fpr[i]; ys[i] = tpr[i]; }
        xs[stop] = maxFpr;
        ys[stop] = yAtMax;
        double partial = Trapezoid(xs, ys, stop + 1);

        double minArea = 0.5 * maxFpr * maxFpr;
        double maxArea = maxFpr;
        return 0.5 * (1 + (partial - minArea) / (maxArea - minArea));
    }

    // np.trapz(y, x): sum of dx * (y[i] + y[i-1]) / 2.
    private static double Trapezoid(IReadOnlyList<double> x, IReadOnlyList<double> y, int count)
    {
        double area = 0;
        for (int i = 1; i < count; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        return area;
    }
}
