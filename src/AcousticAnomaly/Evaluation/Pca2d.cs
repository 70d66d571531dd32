namespace AcousticAnomaly.Evaluation;

/// <summary>
/// Principal component analysis down to two dimensions for the classifier report's scatter, as scikit-learn's
/// PCA(n_components=2): rows centred, the covariance's two leading eigenvectors (Jacobi rotations, in double), each
/// component's sign flipped so that the point furthest along it is positive (Debian scikit-learn 1.2's svd_flip, which
/// decides on the projections).
/// </summary>
public static class Pca2d
{
    /// <summary>The rows [n x d] projected to two dimensions ([n x 2], row-major) and each component's explained variance ratio.</summary>
    public static (double[] Points, double[] ExplainedVarianceRatio) Project(ReadOnlySpan<float> rows, int n, int d)
    {
        if (n < 2 || d < 1 || rows.Length != n * d) throw new ArgumentException($"Need at least 2 rows of {d} values; got {rows.Length} values for {n} rows.", nameof(rows));
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += rows[i * d + j] / (double)n;
        var cov = new double[d, d];
        var centred = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) centred[j] = rows[i * d + j] - mean[j];
            for (int a = 0; a < d; a++)
                for (int b = a; b < d; b++) cov[a, b] += centred[a] * centred[b] / (n - 1);
        }
        for (int a = 0; a < d; a++)
            for (int b = 0; b < a; b++) cov[a, b] = cov[b, a];
        var (values, vectors) = Jacobi(cov, d);
        var order = Enumerable.Range(0, d).OrderByDescending(k => values[k]).ToArray();
        double total = values.Sum(v => Math.Max(0, v));
        int components = Math.Min(2, d);
        var ratio = new double[2];
        var axes = new double[2][];
        for (int c = 0; c < 2; c++)
        {
            axes[c] = new double[d];
            if (c >= components) continue;
            int k = order[c];
            for (int j = 0; j < d; j++) axes[c][j] = vectors[j, k];
            ratio[c] = total > 0 ? Math.Max(0, values[k]) / total : 0;
        }
        var points = new double[2 * n];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 2; c++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += (rows[i * d + j] - mean[j]) * axes[c][j];
                points[2 * i + c] = s;
            }
        for (int c = 0; c < 2; c++)
        {
            int furthest = 0;
            for (int i = 1; i < n; i++) if (Math.Abs(points[2 * i + c]) > Math.Abs(points[2 * furthest + c])) furthest = i;
            if (points[2 * furthest + c] < 0) for (int i = 0; i < n; i++) points[2 * i + c] = -points[2 * i + c];
        }
        return (points, ratio);
    }

    /// <summary>Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations.</summary>
    private static (double[] Values, double[,] Vectors) Jacobi(double[,] matrix, int d)
    {
        var a = (double[,])matrix.Clone();
        var v = new double[d, d];
        for (int i = 0; i < d; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (int p = 0; p < d; p++)
            {
                diag += a[p, p] * a[p, p];
                for (int q = p + 1; q < d; q++) off += a[p, q] * a[p, q];
            }
            if (off <= 1e-30 * Math.Max(diag, 1e-300)) break;
            for (int p = 0; p < d - 1; p++)
                for (int q = p + 1; q < d; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < d; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < d; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        var values = new double[d];
        for (int i = 0; i < d; i++) values[i] = a[i, i];
        return (values, v);
    }
}
