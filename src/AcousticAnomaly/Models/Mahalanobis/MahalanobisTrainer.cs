using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;
using MathNet.Numerics.LinearAlgebra;

namespace AcousticAnomaly.Models.Mahalanobis;

/// <summary>
/// Estimates location and covariance of the training vectors as scikit-learn's EmpiricalCovariance / LedoitWolf do
/// (biased covariance, Ledoit-Wolf shrinkage from sklearn's ledoit_wolf_shrinkage) and inverts it with a symmetric
/// pseudo-inverse (scipy.linalg.pinvh's default cut-off), so a singular full covariance still gives a model.
/// </summary>
public sealed class MahalanobisTrainer(MahalanobisOptions options)
{
    public MahalanobisModel Train(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        options.Validate();
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));
        if (x.Rows < 1) throw new ArgumentException("No training vectors.", nameof(x));
        int n = x.Rows, d = x.Columns;
        var location = new double[d];
        for (int r = 0; r < n; r++)
            for (int j = 0; j < d; j++) location[j] += x.Data[r * d + j];
        for (int j = 0; j < d; j++) location[j] /= n;
        var centred = Matrix<double>.Build.Dense(n, d, (r, j) => x.Data[r * d + j] - location[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / n;
        double shrinkage = 0;
        if (options.Covariance == CovarianceEstimator.LedoitWolf)
        {
            // Two vectors centre to mirror images, which makes Ledoit-Wolf's beta exactly 0 (scikit-learn too): no
            // shrinkage, a rank-1 covariance whose pseudo-inverse ignores every other direction, so new clips score
            // below the training ones. With nothing to estimate correlations from, shrink fully (a scaled identity).
            shrinkage = n == 2 ? 1 : LedoitWolfShrinkage(centred);
            double mu = covariance.Trace() / d;
            covariance = covariance * (1 - shrinkage);
            for (int j = 0; j < d; j++) covariance[j, j] += shrinkage * mu;
        }
        var precision = PseudoInverse(covariance);
        return new MahalanobisModel(location, precision.ToRowMajorArray(), shrinkage);
    }

    /// <summary>sklearn.covariance.ledoit_wolf_shrinkage on already centred data.</summary>
    internal static double LedoitWolfShrinkage(Matrix<double> centred)
    {
        int n = centred.RowCount, p = centred.ColumnCount;
        if (p == 1) return 0;
        var squared = centred.PointwisePower(2);
        var empCovTrace = squared.ColumnSums() / n;
        double mu = empCovTrace.Sum() / p;
        double betaSum = squared.TransposeThisAndMultiply(squared).Enumerate().Sum();
        double deltaSum = centred.TransposeThisAndMultiply(centred).PointwisePower(2).Enumerate().Sum() / ((double)n * n);
        double beta = 1.0 / (p * n) * (betaSum / n - deltaSum);
        double delta = (deltaSum - 2 * mu * empCovTrace.Sum() + p * mu * mu) / p;
        beta = Math.Min(beta, delta);
        return beta == 0 ? 0 : beta / delta;
    }

    /// <summary>scipy.linalg.pinvh: eigenvalues at most max|lambda| * D * eps are treated as zero.</summary>
    internal static Matrix<double> PseudoInverse(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Map(c => c.Real);
        double cutoff = values.AbsoluteMaximum() * symmetric.RowCount * 2.220446049250313e-16;
        var inverse = values.Map(v => Math.Abs(v) > cutoff ? 1 / v : 0);
        var u = evd.EigenVectors;
        return u * Matrix<double>.Build.DiagonalOfDiagonalVector(inverse) * u.Transpose();
    }
}
