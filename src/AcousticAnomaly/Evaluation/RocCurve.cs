namespace AcousticAnomaly.Evaluation;

/// <summary>
/// A receiver operating characteristic as scikit-learn's roc_curve(drop_intermediate=False) builds it: one point
/// per distinct score, walking from the highest score down, so tied scores move FPR and TPR together in one step
/// (the diagonal segment that makes ties count half). Point 0 is (0, 0) with threshold +infinity (scikit-learn 1.3+;
/// 1.2 wrote max score + 1 there). Point i &gt; 0 is "anomaly if score &gt;= Thresholds[i]".
/// </summary>
public sealed class RocCurve
{
    public IReadOnlyList<double> Fpr { get; }
    public IReadOnlyList<double> Tpr { get; }
    public IReadOnlyList<double> Thresholds { get; }
    public int PositiveCount { get; }
    public int NegativeCount { get; }

    private RocCurve(double[] fpr, double[] tpr, double[] thresholds, int positives, int negatives)
    {
        Fpr = fpr;
        Tpr = tpr;
        Thresholds = thresholds;
        PositiveCount = positives;
        NegativeCount = negatives;
    }

    /// <summary>Builds the curve. Needs both classes present and no NaN/infinite score.</summary>
    /// <param name="isPositive">true = anomaly (the positive class).</param>
    /// <param name="scores">higher = more anomalous.</param>
    public static RocCurve Compute(IReadOnlyList<bool> isPositive, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(isPositive);
        ArgumentNullException.ThrowIfNull(scores);
        if (isPositive.Count != scores.Count)
            throw new ArgumentException($"{isPositive.Count} labels but {scores.Count} scores.");
        int n = scores.Count;
        int positives = 0;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"Score {i} is {scores[i]}: ROC needs finite scores.");
            if (isPositive[i]) positives++;
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException(
                $"ROC AUC needs both classes, but there are {positives} anomaly and {negatives} normal clips.");

        // Descending by score; ties need no particular order because a whole tie group is consumed in one step.
        // Sorting negated keys with the indices alongside avoids a comparison delegate (several times faster).
        var keys = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++) { keys[i] = -scores[i]; order[i] = i; }
        Array.Sort(keys, order);

        var fps = new List<double> { 0 };
        var tps = new List<double> { 0 };
        var thr = new List<double> { double.PositiveInfinity };
        int tp = 0, fp = 0;
        for (int k = 0; k < n; k++)
        {
            int idx = order[k];
            if (isPositive[idx]) tp++; else fp++;
            // Emit a point at the last member of each run of equal scores (sklearn's distinct_value_indices).
            if (k == n - 1 || keys[k + 1] != keys[k])
            {
                tps.Add(tp);
                fps.Add(fp);
                thr.Add(scores[idx]);
            }
        }

        var fpr = new double[fps.Count];
        var tpr = new double[tps.Count];
        for (int i = 0; i < fpr.Length; i++)
        {
            fpr[i] = fps[i] / fp;
            tpr[i] = tps[i] / tp;
        }
        return new RocCurve(fpr, tpr, thr.ToArray(), positives, negatives);
    }
}
