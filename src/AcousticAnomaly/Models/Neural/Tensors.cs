using System.Numerics;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Models.Neural;

/// <summary>Small array helpers the layers share.</summary>
internal static class Tensors
{
    /// <summary>
    /// Values per parallel work item of the element-wise passes: large enough that scheduling costs little against
    /// the work (a batch of 32 log-mel images is ~1.3 million values per layer), small enough to balance two cores.
    /// </summary>
    public const int ElementChunk = 1 << 16;

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

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, count) cut into fixed pieces of <paramref name="chunk"/>, in
    /// parallel when allowed. The pieces do not depend on the thread count; callers only use it for work whose results
    /// do not depend on which piece or thread computes them (element-wise passes, disjoint outputs).
    /// </summary>
    public static void ForChunks(int count, int chunk, ParallelOptions? parallel, Action<int, int> body)
    {
        int pieces = (count + chunk - 1) / chunk;
        if (parallel is null || pieces <= 1 || parallel.MaxDegreeOfParallelism == 1)
        {
            // Piece by piece on one thread too: callers rely on a piece's data still being in cache within the piece.
            for (int p = 0; p < pieces; p++) body(p * chunk, Math.Min(count, (p + 1) * chunk));
            return;
        }
        Parallel.For(0, pieces, parallel, p => body(p * chunk, Math.Min(count, (p + 1) * chunk)));
    }

    /// <summary>y = x &gt; 0 ? x : 0 (NaN and -0 give +0, as the scalar comparison does).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        int n = x.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y[..n]);
            for (int v = 0; v < xv.Length; v++) yv[v] = Vector.BitwiseAnd(Vector.AsVectorSingle(Vector.GreaterThan(xv[v], Vector<float>.Zero)), xv[v]);
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < n; i++) y[i] = x[i] > 0f ? x[i] : 0f;
    }

    /// <summary>dx = y &gt; 0 ? dy : 0.</summary>
    public static void ReluGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var dyv = MemoryMarshal.Cast<float, Vector<float>>(dy[..n]);
            var dxv = MemoryMarshal.Cast<float, Vector<float>>(dx[..n]);
            for (int v = 0; v < yv.Length; v++) dxv[v] = Vector.BitwiseAnd(Vector.AsVectorSingle(Vector.GreaterThan(yv[v], Vector<float>.Zero)), dyv[v]);
            i = yv.Length * Vector<float>.Count;
        }
        for (; i < n; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }
}
