using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models.Common;

/// <summary>
/// Per-feature standardisation as scikit-learn's StandardScaler does it, shared by the detectors that measure distances
/// or squared errors (k-means, the autoencoder): log-mel bands differ in spread, and unscaled the widest bands would
/// decide every score. Exporters put the same Sub/Div in front of the ONNX graph.
/// </summary>
internal static class ColumnScaling
{
    /// <summary>Population mean and standard deviation per column (StandardScaler: ddof 0, zero spread -> scale 1).</summary>
    internal static (float[] Mean, float[] Scale) MeanAndScale(FeatureMatrix x)
    {
        var (mean, variance) = Moments(x);
        var scale = new float[x.Columns];
        for (int j = 0; j < scale.Length; j++)
        {
            var s = (float)Math.Sqrt(variance[j]);
            scale[j] = s > 0 && float.IsFinite(s) ? s : 1f;
        }
        return (Array.ConvertAll(mean, m => (float)m), scale);
    }

    /// <summary>Per-column mean and population variance, two-pass in double (as numpy's mean / var).</summary>
    internal static (double[] Mean, double[] Variance) Moments(FeatureMatrix x)
    {
        int d = x.Columns;
        var mean = new double[d];
        for (int r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= x.Rows;
        var variance = new double[d];
        for (int r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (int j = 0; j < d; j++)
            {
                var delta = row[j] - mean[j];
                variance[j] += delta * delta;
            }
        }
        for (int j = 0; j < d; j++) variance[j] /= x.Rows;
        return (mean, variance);
    }

    /// <summary>(x - mean) / scale in float, operation for operation what the exported graph's Sub and Div do.</summary>
    internal static FeatureMatrix Standardized(FeatureMatrix x, float[] mean, float[] scale)
    {
        var data = new float[x.Data.Length];
        int d = x.Columns;
        for (int r = 0; r < x.Rows; r++)
            for (int j = 0; j < d; j++)
                data[r * d + j] = (x.Data[r * d + j] - mean[j]) / scale[j];
        return new FeatureMatrix(data, x.Rows, d);
    }
}
