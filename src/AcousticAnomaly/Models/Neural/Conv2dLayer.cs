using System.Numerics;
using System.Runtime.CompilerServices;

namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// 2-D convolution, stride 1, zero padding, on channel-last samples [height][width][channels]; a 1-D convolution over
/// [length][channels] is the same layer with width 1 and a kernel width of 1 (<see cref="Conv1d"/>). The patches of the
/// whole batch are unrolled (im2col) into rows of KH*KW*Cin values, so the forward pass is one product with the kernel
/// stored [(kh*KW + kw)*Cin + c][out] and the weight gradient one product with the unrolled patches read transposed.
/// </summary>
public sealed class Conv2dLayer : Layer
{
    /// <summary>Output positions per slice of the weight gradient's reduction (see <see cref="WeightGradient"/>).</summary>
    internal const int GradientRowChunk = 2048;

    private readonly int _h, _w, _cin, _cout, _kh, _kw, _ph, _pw, _oh, _ow, _patch;
    private float[] _columns = [], _partials = [];
    private readonly float[] _transposed;

    public Conv2dLayer(int height, int width, int inChannels, int outChannels, int kernelHeight, int kernelWidth, int padHeight, int padWidth)
        : base(height * width * inChannels, OutputLength(height, kernelHeight, padHeight) * OutputLength(width, kernelWidth, padWidth) * outChannels)
    {
        (_h, _w, _cin, _cout, _kh, _kw, _ph, _pw) = (height, width, inChannels, outChannels, kernelHeight, kernelWidth, padHeight, padWidth);
        _oh = OutputLength(height, kernelHeight, padHeight);
        _ow = OutputLength(width, kernelWidth, padWidth);
        _patch = kernelHeight * kernelWidth * inChannels;
        Weight = new Parameter("weight", _patch * outChannels);
        Bias = new Parameter("bias", outChannels);
        _transposed = new float[_patch * outChannels];
    }

    /// <summary>1-D convolution over [length][channels] samples.</summary>
    public static Conv2dLayer Conv1d(int length, int inChannels, int outChannels, int kernel, int padding) =>
        new(length, 1, inChannels, outChannels, kernel, 1, padding, 0);

    private static int OutputLength(int n, int k, int pad)
    {
        int o = n + 2 * pad - k + 1;
        return o > 0 ? o : throw new ArgumentException($"A kernel of {k} with padding {pad} does not fit an input of {n}.");
    }

    public int OutputHeight => _oh;
    public int OutputWidth => _ow;
    public int InChannels => _cin;
    public int OutChannels => _cout;
    public int KernelHeight => _kh;
    public int KernelWidth => _kw;
    public int PadHeight => _ph;
    public int PadWidth => _pw;
    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    public override void Prepare(int maxBatch) => _columns = Grow(_columns, maxBatch * _oh * _ow * _patch);

    /// <summary>
    /// Unrolls, fills in the bias and multiplies a few samples at a time (in parallel when allowed), so the product
    /// reads each sample's unrolled patches while they are still in cache; the patches stay in <see cref="_columns"/>
    /// for the weight gradient. Every output row is the same product whichever piece computes it.
    /// </summary>
    public override unsafe void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        Prepare(batch);
        int positions = _oh * _ow;
        if (x.Length < batch * InputSize || y.Length < batch * OutputSize) throw new ArgumentException($"A convolution of {batch} samples needs more values.");
        // A batch that is one piece (a few samples, or one large image) gets the product's rows split over threads.
        var inner = batch <= SampleChunk ? Parallel : null;
        fixed (float* px = x, py = y, pc = _columns)
        {
            nint xa = (nint)px, ya = (nint)py, ca = (nint)pc;
            Tensors.ForChunks(batch, SampleChunk, Parallel, (start, end) =>
            {
                for (int b = start; b < end; b++)
                {
                    UnrollSample((float*)xa + (nint)b * InputSize, (float*)ca + (nint)b * positions * _patch);
                    FillBias((float*)ya + (nint)b * OutputSize);
                }
                int rows = (end - start) * positions;
                Gemm.Multiply(new ReadOnlySpan<float>((float*)ca + (nint)start * positions * _patch, rows * _patch), _patch, 1, Weight.Value,
                    new Span<float>((float*)ya + (nint)start * OutputSize, rows * _cout), rows, _patch, _cout, accumulate: true, inner);
            });
        }
    }

    /// <summary>Per-thread room for a few samples' patch gradients (col2im reads them back at once, while cached).</summary>
    [ThreadStatic]
    private static float[]? t_patchGradient;

    public override unsafe void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        int positions = _oh * _ow, rows = batch * positions;
        if (dy.Length < rows * _cout) throw new ArgumentException($"The output gradient needs {rows * _cout} values.");
        WeightGradient(rows, dy);
        Tensors.ColumnSums(dy[..(rows * _cout)], _cout, Bias.Gradient);
        if (!inputGradient) return;
        if (dx.Length < batch * InputSize) throw new ArgumentException($"The input gradient needs {batch * InputSize} values.");
        Tensors.Transpose(Weight.Value, _patch, _cout, _transposed);
        var inner = batch <= SampleChunk ? Parallel : null;
        fixed (float* pdy = dy, pdx = dx)
        {
            nint dya = (nint)pdy, dxa = (nint)pdx;
            Tensors.ForChunks(batch, SampleChunk, Parallel, (start, end) =>
            {
                int count = (end - start) * positions * _patch;
                var scratch = t_patchGradient is { } t && t.Length >= count ? t : t_patchGradient = new float[count];
                fixed (float* dcols = scratch)
                {
                    Gemm.Multiply(new ReadOnlySpan<float>((float*)dya + (nint)start * positions * _cout, (end - start) * positions * _cout), _cout, 1,
                        _transposed, new Span<float>(dcols, count), (end - start) * positions, _cout, _patch, accumulate: false, inner);
                    for (int b = start; b < end; b++)
                        FoldSample(dcols + (nint)(b - start) * positions * _patch, (float*)dxa + (nint)b * InputSize);
                }
            });
        }
    }

    /// <summary>
    /// dW = columns^T * dy. The product has only KH*KW*Cin rows (9 for a first 3x3 layer) but a reduction over every
    /// output position of the batch (80,640 for 32 log-mel images of 63 x 40), so splitting its rows gives one thread
    /// all the work. Instead the reduction is cut into fixed slices of <see cref="GradientRowChunk"/> positions, each
    /// slice's product computed on its own (in parallel when allowed) and the partial products added in slice order:
    /// the slices do not depend on the thread count, so neither do the results.
    /// </summary>
    private unsafe void WeightGradient(int rows, ReadOnlySpan<float> dy)
    {
        int slices = (rows + GradientRowChunk - 1) / GradientRowChunk, size = _patch * _cout;
        if (slices <= 1)
        {
            Gemm.Multiply(_columns.AsSpan(0, rows * _patch), 1, _patch, dy, Weight.Gradient, _patch, rows, _cout, accumulate: false, Parallel);
            return;
        }
        _partials = Grow(_partials, slices * size);
        fixed (float* pdy = dy)
        {
            var dyAddress = (nint)pdy;
            void Slice(int s)
            {
                int start = s * GradientRowChunk, count = Math.Min(GradientRowChunk, rows - start);
                var sliceDy = new ReadOnlySpan<float>((float*)dyAddress + (nint)start * _cout, count * _cout);
                Gemm.Multiply(_columns.AsSpan(start * _patch, count * _patch), 1, _patch, sliceDy, _partials.AsSpan(s * size, size),
                    _patch, count, _cout, accumulate: false, null);
            }
            if (Parallel is null) for (int s = 0; s < slices; s++) Slice(s);
            else System.Threading.Tasks.Parallel.For(0, slices, Parallel, Slice);
        }
        var gradient = Weight.Gradient.AsSpan(0, size);
        _partials.AsSpan(0, size).CopyTo(gradient);
        for (int s = 1; s < slices; s++)
        {
            var partial = _partials.AsSpan(s * size, size);
            for (int i = 0; i < size; i++) gradient[i] += partial[i];
        }
    }

    /// <summary>Samples per parallel work item of im2col / col2im: about <see cref="Tensors.ElementChunk"/> unrolled values.</summary>
    private int SampleChunk => Math.Max(1, Tensors.ElementChunk / (_oh * _ow * _patch));

    /// <summary>
    /// im2col of one sample: row (oy, ox) holds the KH x KW x Cin patch at that output position, zeros outside the
    /// input. A kernel row's KW x Cin values are one contiguous run of the channel-last input wherever the patch lies
    /// inside it, so they are copied as one run (3 values for a 3-wide kernel on one channel) instead of per value.
    /// </summary>
    private unsafe void UnrollSample(float* sample, float* rows)
    {
        int run = _kw * _cin;
        for (int oy = 0; oy < _oh; oy++)
            for (int ox = 0; ox < _ow; ox++, rows += _patch)
            {
                int ix0 = ox - _pw;
                bool inside = ix0 >= 0 && ix0 + _kw <= _w;
                for (int ky = 0; ky < _kh; ky++)
                {
                    int iy = oy + ky - _ph;
                    float* dest = rows + ky * run;
                    if (iy < 0 || iy >= _h)
                    {
                        new Span<float>(dest, run).Clear();
                    }
                    else if (inside)
                    {
                        Copy(sample + ((nint)iy * _w + ix0) * _cin, dest, run);
                    }
                    else
                    {
                        for (int kx = 0; kx < _kw; kx++, dest += _cin)
                        {
                            int ix = ix0 + kx;
                            if (ix < 0 || ix >= _w) new Span<float>(dest, _cin).Clear();
                            else Copy(sample + ((nint)iy * _w + ix) * _cin, dest, _cin);
                        }
                    }
                }
            }
    }

    private static unsafe void Copy(float* source, float* dest, int count)
    {
        if (count <= 8) for (int i = 0; i < count; i++) dest[i] = source[i];
        else new ReadOnlySpan<float>(source, count).CopyTo(new Span<float>(dest, count));
    }

    /// <summary>Every output row of one sample starts as the bias (the product adds onto it), copied in doubling runs.</summary>
    private unsafe void FillBias(float* y)
    {
        var all = new Span<float>(y, OutputSize);
        Bias.Value.AsSpan(0, _cout).CopyTo(all);
        for (int done = _cout; done < OutputSize; done *= 2)
            all[..Math.Min(done, OutputSize - done)].CopyTo(all[done..]);
    }

    /// <summary>
    /// col2im of one sample: every patch gradient added back onto the input positions it was copied from, in the order
    /// of the rows (so each input value receives the same sums in the same order whatever the threads).
    /// </summary>
    private unsafe void FoldSample(float* rows, float* dx)
    {
        new Span<float>(dx, InputSize).Clear();
        int w = Vector<float>.Count;
        for (int oy = 0; oy < _oh; oy++)
            for (int ox = 0; ox < _ow; ox++, rows += _patch)
                for (int ky = 0; ky < _kh; ky++)
                {
                    int iy = oy + ky - _ph;
                    if (iy < 0 || iy >= _h) continue;
                    for (int kx = 0; kx < _kw; kx++)
                    {
                        int ix = ox + kx - _pw;
                        if (ix < 0 || ix >= _w) continue;
                        float* src = rows + (ky * _kw + kx) * _cin;
                        float* dest = dx + ((nint)iy * _w + ix) * _cin;
                        int c = 0;
                        if (Vector.IsHardwareAccelerated)
                            for (; c + w <= _cin; c += w)
                                Unsafe.WriteUnaligned(dest + c, Unsafe.ReadUnaligned<Vector<float>>(dest + c) + Unsafe.ReadUnaligned<Vector<float>>(src + c));
                        for (; c < _cin; c++) dest[c] += src[c];
                    }
                }
    }
}
