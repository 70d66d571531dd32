namespace AcousticAnomaly.Evaluation;

/// <summary>
/// The mean silhouette coefficient with Euclidean distances, as scikit-learn's silhouette_score: per point
/// (b - a) / max(a, b), a = mean distance to its own label's other points, b = the smallest mean distance to another
/// label's points; 0 for a point alone in its label. Near 1 = labels form tight, separate groups.
/// </summary>
public static class Silhouette
{
    public static double Score(ReadOnlySpan<double> rows, int n, int d, IReadOnlyList<int> labels)
    {
        if (rows.Length != n * d || labels.Count != n) throw new ArgumentException("rows and labels disagree in length", nameof(labels));
        int k = labels.Max() + 1;
        var count = new int[k];
        foreach (var l in labels) count[l]++;
        if (count.Count(c => c > 0) < 2) throw new ArgumentException("The silhouette needs at least two labels.", nameof(labels));
        var sums = new double[k];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            Array.Clear(sums);
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double s = 0;
                for (int c = 0; c < d; c++)
                {
                    double diff = rows[i * d + c] - rows[j * d + c];
                    s += diff * diff;
                }
                sums[labels[j]] += Math.Sqrt(s);
            }
            int own = labels[i];
            if (count[own] <= 1) continue;
            double a = sums[own] / (count[own] - 1), b = double.PositiveInfinity;
            for (int l = 0; l < k; l++)
                if (l != own && count[l] > 0) b = Math.Min(b, sums[l] / count[l]);
            total += (b - a) / Math.Max(a, b);
        }
        return total / n;
    }
}
