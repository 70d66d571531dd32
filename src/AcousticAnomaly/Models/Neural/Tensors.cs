using System.Numerics;

namespace AcousticAnomaly.Models.Neural;

/// <summary>Small array helpers the layers share.</summary>
internal static class Tensors
{
    /// <summary>sums[j] = sum over rows of m[r * n + j] (overwrites sums).</summary>
    public static void ColumnSums(ReadOnlySpan<float> m, int n, Span<float> sums)
    {
        sums = sums[..n];
        sums.Clear();
        int w = Vector<float>.Count;
        for (int r = 0; r < m.Length; r += n)
        {
            var row = m.Slice(r, n);
            int j = 0;
            for (; j + w <= n; j += w)
                (new Vector<float>(sums.Slice(j, w)) + new Vector<float>(row.Slice(j, w))).CopyTo(sums.Slice(j, w));
            for (; j < n; j++) sums[j] += row[j];
        }
    }

    /// <summary>dest [cols x rows] = source [rows x cols]^T.</summary>
    public static void Transpose(ReadOnlySpan<float> source, int rows, int cols, Span<float> dest)
    {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                dest[j * rows + i] = source[i * cols + j];
    }
}
