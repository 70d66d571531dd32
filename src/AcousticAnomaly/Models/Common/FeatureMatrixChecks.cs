using AcousticAnomaly.Features;
using System.Numerics;

namespace AcousticAnomaly.Models.Common;

/// <summary>Input checks shared by the detectors that read a <see cref="FeatureMatrix"/>.</summary>
internal static class FeatureMatrixChecks
{
    /// <summary>Throws ArgumentException naming the row and column of the first NaN or infinite value. Vectorised
    /// (v - v is 0 for finite v and NaN otherwise) because it runs over every value the scorer is given.</summary>
    public static void ThrowIfNotFinite(FeatureMatrix x, string paramName)
    {
        var index = FirstNonFinite(x.Data);
        if (index < 0) return;
        var value = x.Data[index];
        throw new ArgumentException(
            $"Row {index / x.Columns}, column {index % x.Columns} is {(float.IsNaN(value) ? "NaN" : "infinite")}; features must be finite.",
            paramName);
    }

    public static int FirstNonFinite(ReadOnlySpan<float> data)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<float>.Count)
        {
            for (; i <= data.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(data.Slice(i, Vector<float>.Count));
                if (!Vector.EqualsAll(v - v, Vector<float>.Zero)) break;
            }
        }
        for (; i < data.Length; i++)
            if (!float.IsFinite(data[i])) return i;
        return -1;
    }
}
