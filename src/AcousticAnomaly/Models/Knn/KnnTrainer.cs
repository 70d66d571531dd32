using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.Knn;

/// <summary>
/// Keeps the training vectors as the memory bank and, for density normalisation, precomputes what scikit-learn's
/// LocalOutlierFactor.fit does: each bank vector's k nearest other bank vectors, its k-distance and its local
/// reachability density 1 / (mean reach-distance + 1e-10).
/// </summary>
public sealed class KnnTrainer(KnnOptions options)
{
    public KnnModel Train(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        options.Validate();
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));
        if (x.Rows < 1) throw new ArgumentException("No training vectors.", nameof(x));
        (float[] Mean, float[] Scale)? scaling = options.Standardize ? ColumnScaling.MeanAndScale(x) : null;
        var z = scaling is { } s ? ColumnScaling.Standardized(x, s.Mean, s.Scale) : x;
        if (!options.DensityNormalized)
            return new KnnModel(z.Data, x.Columns, Math.Min(options.Neighbors, x.Rows), scaling?.Mean, scaling?.Scale, null, null);
        if (x.Rows < 2) throw new ArgumentException("Density normalisation needs at least 2 training vectors.", nameof(x));

        // sklearn: n_neighbors_ = min(n_neighbors, n_samples - 1); neighbours of a training vector exclude itself.
        int k = Math.Min(options.Neighbors, x.Rows - 1);
        var bank = new KnnModel(z.Data, x.Columns, k, null, null, null, null);
        var neighbours = Enumerable.Range(0, x.Rows).Select(i => KnnScorer.Nearest(bank, z.Data.AsSpan(i * z.Columns, z.Columns), k, exclude: i)).ToArray();
        var kDistance = neighbours.Select(n => n.Distances[^1]).ToArray();
        var lrd = neighbours.Select(n => ReachabilityDensity(n.Distances, n.Indices, kDistance)).ToArray();
        return bank with { Mean = scaling?.Mean, Scale = scaling?.Scale, KDistance = kDistance, Lrd = lrd };
    }

    /// <summary>sklearn _local_reachability_density: 1 / (mean of max(d(q, o), k-distance(o)) + 1e-10).</summary>
    internal static double ReachabilityDensity(double[] distances, int[] indices, double[] kDistance)
    {
        double sum = 0;
        for (int i = 0; i < indices.Length; i++) sum += Math.Max(distances[i], kDistance[indices[i]]);
        return 1 / (sum / indices.Length + 1e-10);
    }
}
