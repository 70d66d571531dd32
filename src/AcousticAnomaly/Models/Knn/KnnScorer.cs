using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.Knn;

/// <summary>
/// Scores vectors against a <see cref="KnnModel"/>: the local outlier factor (= -sklearn score_samples) or the distance
/// to the k-th nearest bank vector. Distances in double, as the exported graph computes them.
/// </summary>
public sealed class KnnScorer
{
    private readonly KnnModel _model;

    public KnnScorer(KnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        _model = model;
    }

    /// <param name="x">Vectors to score.</param>
    /// <param name="leaveOneOut">Score a vector that is itself in the bank against the other bank vectors (its nearest
    /// neighbour at distance 0 is skipped): the training clips' scores a threshold is fitted on, which would otherwise
    /// all be 0 for k = 1. For density normalisation these are sklearn's negative_outlier_factor_, negated.</param>
    public double[] Score(FeatureMatrix x, bool leaveOneOut = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != _model.FeatureCount)
            throw new ArgumentException($"The model expects {_model.FeatureCount} features per vector, got {x.Columns}.", nameof(x));
        var z = _model.Mean is { } mean ? ColumnScaling.Standardized(x, mean, _model.Scale!) : x;
        var result = new double[z.Rows];
        for (int r = 0; r < z.Rows; r++)
        {
            var row = z.Data.AsSpan(r * z.Columns, z.Columns);
            int exclude = -1;
            if (leaveOneOut && Nearest(_model, row, 1, -1) is ([0.0], [var self]) && _model.BankSize > 1) exclude = self;
            var (distances, indices) = Nearest(_model, row, Math.Min(_model.Neighbors, _model.BankSize - (exclude >= 0 ? 1 : 0)), exclude);
            result[r] = _model.DensityNormalized ? Lof(distances, indices) : distances[^1];
        }
        return result;
    }

    private double Lof(double[] distances, int[] indices)
    {
        double lrd = KnnTrainer.ReachabilityDensity(distances, indices, _model.KDistance!);
        double sum = 0;
        foreach (var i in indices) sum += _model.Lrd![i];
        return sum / indices.Length / lrd;
    }

    /// <summary>The k nearest bank vectors of a row (ascending; ties by index), skipping bank row `exclude`.</summary>
    internal static (double[] Distances, int[] Indices) Nearest(KnnModel model, ReadOnlySpan<float> row, int k, int exclude)
    {
        int d = model.FeatureCount, m = model.BankSize;
        var all = new (double Distance, int Index)[exclude >= 0 ? m - 1 : m];
        int n = 0;
        for (int i = 0; i < m; i++)
        {
            if (i == exclude) continue;
            double sum = 0;
            var bank = model.Bank.AsSpan(i * d, d);
            for (int j = 0; j < d; j++)
            {
                double diff = (double)row[j] - bank[j];
                sum += diff * diff;
            }
            all[n++] = (Math.Sqrt(sum), i);
        }
        Array.Sort(all, (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Index.CompareTo(b.Index));
        return (all.Take(k).Select(a => a.Distance).ToArray(), all.Take(k).Select(a => a.Index).ToArray());
    }
}
