using AcousticAnomaly.Models;

namespace AcousticAnomaly.Evaluation;

/// <summary>
/// Counts at one threshold with anomaly as the positive class, and the metrics derived from them. A ratio whose
/// denominator is 0 is defined as 0, as scikit-learn's zero_division=0 does (e.g. precision when nothing is flagged,
/// F1 when precision and recall are both 0).
/// </summary>
public readonly record struct ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>TP / (TP + FP): of the clips flagged, the share that are anomalies.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN): of the anomalies, the share flagged.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall, computed as scikit-learn 1.2 does (from P and R).</summary>
    public double F1
    {
        get
        {
            double p = Precision, r = Recall;
            double denominator = p + r;
            return denominator == 0 ? 0 : 2 * p * r / denominator;
        }
    }

    /// <summary>(TP + TN) / all.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>Counts for "anomaly if score &gt; threshold".</summary>
    public static ConfusionMatrix At(IReadOnlyList<bool> isPositive, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(isPositive);
        ArgumentNullException.ThrowIfNull(scores);
        if (isPositive.Count != scores.Count)
            throw new ArgumentException($"{isPositive.Count} labels but {scores.Count} scores.");
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            bool flagged = AnomalyDecision.IsAnomaly(scores[i], threshold);
            if (isPositive[i]) { if (flagged) tp++; else fn++; }
            else { if (flagged) fp++; else tn++; }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
