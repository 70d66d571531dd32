using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// Single-precision matrix multiply shared by the dense autoencoder and the <see cref="Layer"/>s (dense, conv): C[m x n] (=|+=) L[m x k] * R[k x n], R and C row-major, the
/// left operand addressed through strides so that L = A (row stride k, column stride 1) and L = A^T (row stride 1,
/// column stride = A's row length) need no transposed copy - backprop's weight gradient A^T * dZ reads A in place.
/// <para>Register-blocked 6 x 16 kernel (twelve AVX accumulators, enough independent FMA chains to hide the FMA
/// latency on two FMA ports; a 4 x 16 kernel with eight left a fifth of the FMA slots idle) over panels of 16 columns,
/// 4 x 16 and 1 x 16 kernels for the rows left over; rows are split into
/// fixed chunks of <see cref="RowChunk"/> for Parallel.For. Every output element is the same sequence of fused
/// multiply-adds over k in increasing order whichever kernel or thread computes it, so results are bit-identical for
/// any thread count. Machines without AVX2/FMA take a portable path (same results up to rounding, not bit-equal).</para>
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>Rows per parallel work item: a multiple of the kernel's 6 rows, small enough to balance 2-16 cores.</summary>
    public const int RowChunk = 48;

    private static readonly bool Fast = Fma.IsSupported && Avx.IsSupported;

    /// <param name="left">L's elements; L[i, p] is left[i * leftRowStride + p * leftColStride].</param>
    /// <param name="leftRowStride">Distance between L's rows (k for A, 1 for A^T).</param>
    /// <param name="leftColStride">Distance between L's columns (1 for A, A's row length for A^T).</param>
    /// <param name="right">R, row-major with row length n.</param>
    /// <param name="c">C, row-major with row length n.</param>
    /// <param name="m">Rows of L and C.</param>
    /// <param name="k">Columns of L, rows of R.</param>
    /// <param name="n">Columns of R and C.</param>
    /// <param name="accumulate">Add to C's current values instead of overwriting them.</param>
    /// <param name="parallel">Thread limit for the row chunks; null = this thread only.</param>
    public static void Multiply(ReadOnlySpan<float> left, int leftRowStride, int leftColStride, ReadOnlySpan<float> right,
        Span<float> c, int m, int k, int n, bool accumulate, ParallelOptions? parallel)
    {
        if (m == 0 || n == 0) return;
        CheckSpan(left.Length, (long)(m - 1) * leftRowStride + (long)(k - 1) * leftColStride + 1, k, nameof(left));
        CheckSpan(right.Length, (long)k * n, k, nameof(right));
        CheckSpan(c.Length, (long)m * n, 1, nameof(c));
        fixed (float* pl = left, pr = right, pc = c)
        {
            var l = (nint)pl; var r = (nint)pr; var cc = (nint)pc;
            int chunks = (m + RowChunk - 1) / RowChunk;
            if (parallel is null || chunks == 1 || parallel.MaxDegreeOfParallelism == 1)
            {
                Rows((float*)l, leftRowStride, leftColStride, (float*)r, (float*)cc, 0, m, k, n, accumulate);
            }
            else
            {
                Parallel.For(0, chunks, parallel, chunk =>
                {
                    int start = chunk * RowChunk;
                    Rows((float*)l, leftRowStride, leftColStride, (float*)r, (float*)cc, start, Math.Min(m, start + RowChunk), k, n, accumulate);
                });
            }
        }
    }

    private static void CheckSpan(int length, long needed, int k, string name)
    {
        if (k > 0 && length < needed) throw new ArgumentException($"{name} holds {length} values; {needed} are needed.", name);
    }

    private static void Rows(float* a, nint ars, nint acs, float* b, float* c, int rowStart, int rowEnd, int k, int n, bool accumulate)
    {
        if (!Fast)
        {
            Portable(a, ars, acs, b, c, rowStart, rowEnd, k, n, accumulate);
            return;
        }
        // Row blocks outside, column panels inside: a block's rows of L (6 x k values) stay in L1 while every panel of
        // R passes, and C is written row after row. Panels outside streamed L (the unrolled patches, 11 MB for the second
        // Cnn2d layer) through the cache once per panel, which held the product to a third of the kernel's speed.
        // Long reductions (a weight gradient's 2,048 positions) are cut into depth blocks of DepthBlock so the rows of
        // L and R one block reads stay in L2 across every row block and panel (1.5x faster on the Cnn2d weight
        // gradients). C carries the partial sums between depth blocks, so each element is still one FMA sequence over
        // p in increasing order. Products up to twice that deep (the forward convolutions) run in one pass.
        int depth = k > 2 * DepthBlock ? DepthBlock : Math.Max(k, 1);
        for (int p0 = 0; p0 == 0 || p0 < k; p0 += depth)
        {
            int kc = Math.Min(depth, k - p0);
            bool add = accumulate || p0 > 0;
            float* ak = a + p0 * acs, bk = b + (nint)p0 * n;
            int i = rowStart;
            for (; i + 6 <= rowEnd; i += 6) Block(ak, ars, acs, bk, c, i, 6, kc, n, add);
            for (; i + 4 <= rowEnd; i += 4) Block(ak, ars, acs, bk, c, i, 4, kc, n, add);
            for (; i < rowEnd; i++) Block(ak, ars, acs, bk, c, i, 1, kc, n, add);
        }
    }

    /// <summary>Reduction depth per pass (see <see cref="Rows"/>).</summary>
    private const int DepthBlock = 256;

    /// <summary>C rows [i, i + rows) for every column, rows being 6, 4 or 1.</summary>
    private static void Block(float* a, nint ars, nint acs, float* b, float* c, int i, int rows, int k, int n, bool accumulate)
    {
        float* ai = a + i * ars;
        float* ci = c + (nint)i * n;
        int j = 0;
        for (; j + 16 <= n; j += 16)
        {
            if (rows == 6) Kernel6x16(ai, ars, acs, b + j, n, ci + j, n, k, accumulate);
            else if (rows == 4) Kernel4x16(ai, ars, acs, b + j, n, ci + j, n, k, accumulate);
            else Kernel1x16(ai, acs, b + j, n, ci + j, k, accumulate);
        }
        for (; j + 8 <= n; j += 8)
        {
            int r = 0;
            for (; r + 4 <= rows; r += 4) Kernel4x8(ai + r * ars, ars, acs, b + j, n, ci + (nint)r * n + j, n, k, accumulate);
            for (; r < rows; r++) Kernel1x8(ai + r * ars, acs, b + j, n, ci + (nint)r * n + j, k, accumulate);
        }
        for (; j < n; j++)
        {
            for (int r = 0; r < rows; r++)
            {
                float* ar = ai + r * ars;
                float s = accumulate ? ci[(nint)r * n + j] : 0f;
                for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(ar[p * acs], b[(nint)p * n + j], s);
                ci[(nint)r * n + j] = s;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc, int k, bool accumulate)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = Avx.LoadVector256(c); c01 = Avx.LoadVector256(c + 8);
            c10 = Avx.LoadVector256(c + ldc); c11 = Avx.LoadVector256(c + ldc + 8);
            c20 = Avx.LoadVector256(c + 2 * ldc); c21 = Avx.LoadVector256(c + 2 * ldc + 8);
            c30 = Avx.LoadVector256(c + 3 * ldc); c31 = Avx.LoadVector256(c + 3 * ldc + 8);
            c40 = Avx.LoadVector256(c + 4 * ldc); c41 = Avx.LoadVector256(c + 4 * ldc + 8);
            c50 = Avx.LoadVector256(c + 5 * ldc); c51 = Avx.LoadVector256(c + 5 * ldc + 8);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        }
        float* a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars, a4 = a + 4 * ars, a5 = a + 5 * ars;
        for (int p = 0; p < k; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            b += ldb;
            nint o = p * acs;
            var x = Vector256.Create(a0[o]);
            c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[o]);
            c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[o]);
            c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[o]);
            c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a4[o]);
            c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a5[o]);
            c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
        }
        Avx.Store(c, c00); Avx.Store(c + 8, c01);
        Avx.Store(c + ldc, c10); Avx.Store(c + ldc + 8, c11);
        Avx.Store(c + 2 * ldc, c20); Avx.Store(c + 2 * ldc + 8, c21);
        Avx.Store(c + 3 * ldc, c30); Avx.Store(c + 3 * ldc + 8, c31);
        Avx.Store(c + 4 * ldc, c40); Avx.Store(c + 4 * ldc + 8, c41);
        Avx.Store(c + 5 * ldc, c50); Avx.Store(c + 5 * ldc + 8, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x16(float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc, int k, bool accumulate)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate)
        {
            c00 = Avx.LoadVector256(c); c01 = Avx.LoadVector256(c + 8);
            c10 = Avx.LoadVector256(c + ldc); c11 = Avx.LoadVector256(c + ldc + 8);
            c20 = Avx.LoadVector256(c + 2 * ldc); c21 = Avx.LoadVector256(c + 2 * ldc + 8);
            c30 = Avx.LoadVector256(c + 3 * ldc); c31 = Avx.LoadVector256(c + 3 * ldc + 8);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<float>.Zero;
        }
        float* a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
        for (int p = 0; p < k; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            b += ldb;
            nint o = p * acs;
            var x = Vector256.Create(a0[o]);
            c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[o]);
            c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[o]);
            c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[o]);
            c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
        }
        Avx.Store(c, c00); Avx.Store(c + 8, c01);
        Avx.Store(c + ldc, c10); Avx.Store(c + ldc + 8, c11);
        Avx.Store(c + 2 * ldc, c20); Avx.Store(c + 2 * ldc + 8, c21);
        Avx.Store(c + 3 * ldc, c30); Avx.Store(c + 3 * ldc + 8, c31);
    }

    private static void Kernel1x16(float* a, nint acs, float* b, nint ldb, float* c, int k, bool accumulate)
    {
        var c0 = accumulate ? Avx.LoadVector256(c) : Vector256<float>.Zero;
        var c1 = accumulate ? Avx.LoadVector256(c + 8) : Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            var x = Vector256.Create(a[p * acs]);
            c0 = Fma.MultiplyAdd(x, Avx.LoadVector256(b), c0);
            c1 = Fma.MultiplyAdd(x, Avx.LoadVector256(b + 8), c1);
            b += ldb;
        }
        Avx.Store(c, c0); Avx.Store(c + 8, c1);
    }

    private static void Kernel4x8(float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc, int k, bool accumulate)
    {
        Vector256<float> c0, c1, c2, c3;
        if (accumulate)
        {
            c0 = Avx.LoadVector256(c); c1 = Avx.LoadVector256(c + ldc);
            c2 = Avx.LoadVector256(c + 2 * ldc); c3 = Avx.LoadVector256(c + 3 * ldc);
        }
        else
        {
            c0 = c1 = c2 = c3 = Vector256<float>.Zero;
        }
        for (int p = 0; p < k; p++)
        {
            var b0 = Avx.LoadVector256(b);
            b += ldb;
            nint o = p * acs;
            c0 = Fma.MultiplyAdd(Vector256.Create(a[o]), b0, c0);
            c1 = Fma.MultiplyAdd(Vector256.Create(a[ars + o]), b0, c1);
            c2 = Fma.MultiplyAdd(Vector256.Create(a[2 * ars + o]), b0, c2);
            c3 = Fma.MultiplyAdd(Vector256.Create(a[3 * ars + o]), b0, c3);
        }
        Avx.Store(c, c0); Avx.Store(c + ldc, c1); Avx.Store(c + 2 * ldc, c2); Avx.Store(c + 3 * ldc, c3);
    }

    private static void Kernel1x8(float* a, nint acs, float* b, nint ldb, float* c, int k, bool accumulate)
    {
        var c0 = accumulate ? Avx.LoadVector256(c) : Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            c0 = Fma.MultiplyAdd(Vector256.Create(a[p * acs]), Avx.LoadVector256(b), c0);
            b += ldb;
        }
        Avx.Store(c, c0);
    }

    /// <summary>Without AVX2/FMA: a plain row-times-matrix loop the JIT vectorises where it can.</summary>
    private static void Portable(float* a, nint ars, nint acs, float* b, float* c, int rowStart, int rowEnd, int k, int n, bool accumulate)
    {
        for (int i = rowStart; i < rowEnd; i++)
        {
            var row = new Span<float>(c + (nint)i * n, n);
            if (!accumulate) row.Clear();
            for (int p = 0; p < k; p++)
            {
                float x = a[i * ars + p * acs];
                var br = new ReadOnlySpan<float>(b + (nint)p * n, n);
                int j = 0;
                if (System.Numerics.Vector.IsHardwareAccelerated)
                {
                    var vx = new System.Numerics.Vector<float>(x);
                    int w = System.Numerics.Vector<float>.Count;
                    for (; j + w <= n; j += w)
                        (new System.Numerics.Vector<float>(row.Slice(j, w)) + vx * new System.Numerics.Vector<float>(br.Slice(j, w))).CopyTo(row.Slice(j, w));
                }
                for (; j < n; j++) row[j] += x * br[j];
            }
        }
    }
}
