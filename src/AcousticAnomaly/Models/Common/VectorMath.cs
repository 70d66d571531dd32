using System.Numerics;

namespace AcousticAnomaly.Models.Common;

/// <summary>
/// Distance kernels shared by the distance-based detectors (k-means, one-class SVM). Features are float32 (as the ONNX
/// input is), but the sums are formed in double: k-means and libsvm both compute in float64 on float64 data, and
/// summing 640 squared differences in float loses digits the parity tests against scikit-learn would see.
/// </summary>
internal static class VectorMath
{
    /// <summary>sum (x_i - c_i)^2 with x widened to double; exact up to double rounding.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<double> c)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            int step = Vector<float>.Count, half = Vector<double>.Count;
            for (; i <= x.Length - step; i += step)
            {
                Vector.Widen(new Vector<float>(x.Slice(i, step)), out var lo, out var hi);
                var d0 = lo - new Vector<double>(c.Slice(i, half));
                var d1 = hi - new Vector<double>(c.Slice(i + half, half));
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < x.Length; i++)
        {
            double d = x[i] - c[i];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>sum (x_i - y_i)^2 for two float vectors, formed in double.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            int step = Vector<float>.Count;
            for (; i <= x.Length - step; i += step)
            {
                Vector.Widen(new Vector<float>(x.Slice(i, step)), out var xl, out var xh);
                Vector.Widen(new Vector<float>(y.Slice(i, step)), out var yl, out var yh);
                var d0 = xl - yl;
                var d1 = xh - yh;
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < x.Length; i++)
        {
            double d = (double)x[i] - y[i];
            sum += d * d;
        }
        return sum;
    }
}
