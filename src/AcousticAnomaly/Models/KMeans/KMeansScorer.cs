using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.KMeans;

/// <summary>
/// Scores vectors with a <see cref="KMeansModel"/>: the Euclidean distance to the nearest centre (higher = more
/// anomalous) and that centre's index. Standardisation and distances in double, as the ONNX graph computes them.
/// </summary>
public sealed class KMeansScorer
{
    private readonly KMeansModel _model;

    public KMeansScorer(KMeansModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        _model = model;
    }

    /// <summary>Distance to the nearest centre for every row, and the centre's index (first on ties).</summary>
    public (double[] Distance, int[] Label) Score(FeatureMatrix x, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int d = _model.FeatureCount, k = _model.ClusterCount;
        if (x.Columns != d) throw new ArgumentException($"vectors have {x.Columns} values; the k-means model expects {d}", nameof(x));
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));
        var distance = new double[x.Rows];
        var label = new int[x.Rows];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1 };
        Parallel.For(0, x.Rows, parallel, () => new double[d], (r, _, z) =>
        {
            var row = x.Row(r);
            if (_model.Mean is { } mean)
            {
                var scale = _model.Scale!;
                for (int j = 0; j < d; j++) z[j] = ((double)row[j] - mean[j]) / scale[j];
            }
            else
            {
                for (int j = 0; j < d; j++) z[j] = row[j];
            }
            double best = double.PositiveInfinity;
            int bestLabel = 0;
            for (int c = 0; c < k; c++)
            {
                var dist = VectorMath.SquaredDistance(_model.Centers.AsSpan(c * d, d), z);
                if (dist < best)
                {
                    best = dist;
                    bestLabel = c;
                }
            }
            distance[r] = Math.Sqrt(best);
            label[r] = bestLabel;
            return z;
        }, _ => { });
        return (distance, label);
    }
}
