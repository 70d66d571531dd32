using System.Numerics;
using System.Runtime.CompilerServices;

namespace AcousticAnomaly.Models.Neural;

/// <summary>How a pooling window is reduced.</summary>
public enum PoolMode
{
    Max,
    Average,
}

/// <summary>
/// Max or average pooling over non-overlapping KH x KW windows (stride = kernel, no padding, trailing rows/columns that
/// do not fill a window dropped - PyTorch's MaxPool2d/AvgPool2d defaults) of channel-last [height][width][channels]
/// samples. A window as large as the input is global pooling; width 1 gives 1-D pooling.
/// <para>When the channel count is a multiple of the SIMD width, a window is reduced for a vector of channels at once
/// (the same comparisons and sums per channel, in the same window order, as the scalar loop), and samples are split
/// over threads: every sample's outputs and gradients are its own, so results do not depend on the threads.</para>
/// </summary>
public sealed unsafe class PoolLayer : Layer
{
    private readonly int _h, _w, _c, _kh, _kw, _oh, _ow;
    private int[] _argmax = [];

    public PoolLayer(PoolMode mode, int height, int width, int channels, int kernelHeight, int kernelWidth)
        : base(height * width * channels, Math.Max(1, height / kernelHeight) * Math.Max(1, width / kernelWidth) * channels)
    {
        if (kernelHeight < 1 || kernelWidth < 1 || kernelHeight > height || kernelWidth > width)
            throw new ArgumentException($"A {kernelHeight} x {kernelWidth} pool does not fit a {height} x {width} input.");
        Mode = mode;
        (_h, _w, _c, _kh, _kw) = (height, width, channels, kernelHeight, kernelWidth);
        _oh = height / kernelHeight;
        _ow = width / kernelWidth;
    }

    /// <summary>Average over all positions of [height][width][channels]: one value per channel.</summary>
    public static PoolLayer GlobalAverage(int height, int width, int channels) => new(PoolMode.Average, height, width, channels, height, width);

    public PoolMode Mode { get; }
    public int OutputHeight => _oh;
    public int OutputWidth => _ow;
    public int Channels => _c;
    public int KernelHeight => _kh;
    public int KernelWidth => _kw;

    /// <summary>True when one window covers the whole input (exported as GlobalAveragePool/GlobalMaxPool).</summary>
    public bool IsGlobal => _kh == _h && _kw == _w;

    public override void Prepare(int maxBatch)
    {
        if (Mode == PoolMode.Max && _argmax.Length < maxBatch * OutputSize) _argmax = new int[maxBatch * OutputSize];
    }

    private static readonly int Lanes = Vector<float>.Count;
    private static readonly Vector<int> LaneOffsets = CreateLaneOffsets();

    private static Vector<int> CreateLaneOffsets()
    {
        var offsets = new int[Vector<int>.Count];
        for (int i = 0; i < offsets.Length; i++) offsets[i] = i;
        return new Vector<int>(offsets);
    }

    private bool Vectorised => Vector.IsHardwareAccelerated && _c % Lanes == 0 && Vector<int>.Count == Lanes;

    /// <summary>Samples per parallel work item: about <see cref="Tensors.ElementChunk"/> input values.</summary>
    private int SampleChunk => Math.Max(1, Tensors.ElementChunk / InputSize);

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        Prepare(batch);
        if (x.Length < batch * InputSize || y.Length < batch * OutputSize) throw new ArgumentException($"Pooling needs {batch} samples.");
        fixed (float* px = x, py = y)
        fixed (int* pa = _argmax)
        {
            nint xa = (nint)px, ya = (nint)py, aa = (nint)pa;
            Tensors.ForChunks(batch, SampleChunk, Parallel, (start, end) =>
            {
                for (int b = start; b < end; b++)
                    if (Vectorised) ForwardSampleVectors((float*)xa, (float*)ya, (int*)aa, b);
                    else ForwardSample((float*)xa, (float*)ya, (int*)aa, b);
            });
        }
    }

    private void ForwardSample(float* x, float* y, int* argmax, int b)
    {
        float inv = 1f / (_kh * _kw);
        int inBase = b * InputSize, outBase = b * OutputSize;
        for (int oy = 0; oy < _oh; oy++)
            for (int ox = 0; ox < _ow; ox++)
                for (int c = 0; c < _c; c++)
                {
                    int o = outBase + (oy * _ow + ox) * _c + c;
                    float best = float.NegativeInfinity, sum = 0;
                    int bestAt = -1;
                    for (int ky = 0; ky < _kh; ky++)
                        for (int kx = 0; kx < _kw; kx++)
                        {
                            int i = inBase + ((oy * _kh + ky) * _w + ox * _kw + kx) * _c + c;
                            float v = x[i];
                            sum += v;
                            // NaN propagates like PyTorch's max pooling; the first maximum wins ties.
                            if (v > best || float.IsNaN(v) || bestAt < 0) { best = v; bestAt = i; }
                        }
                    if (Mode == PoolMode.Max)
                    {
                        y[o] = best;
                        argmax[o] = bestAt;
                    }
                    else
                    {
                        y[o] = sum * inv;
                    }
                }
    }

    /// <summary><see cref="ForwardSample"/> for <see cref="Lanes"/> channels at a time.</summary>
    private void ForwardSampleVectors(float* x, float* y, int* argmax, int b)
    {
        var inv = new Vector<float>(1f / (_kh * _kw));
        int inBase = b * InputSize, outBase = b * OutputSize;
        for (int oy = 0; oy < _oh; oy++)
            for (int ox = 0; ox < _ow; ox++)
                for (int c = 0; c < _c; c += Lanes)
                {
                    int o = outBase + (oy * _ow + ox) * _c + c;
                    int corner = inBase + (oy * _kh * _w + ox * _kw) * _c + c;
                    if (Mode == PoolMode.Max)
                    {
                        // The window's first value is taken whatever it is, then a later one replaces it when greater
                        // or NaN - the scalar rule, lane by lane.
                        var best = Unsafe.ReadUnaligned<Vector<float>>(x + corner);
                        var at = new Vector<int>(corner) + LaneOffsets;
                        for (int ky = 0; ky < _kh; ky++)
                            for (int kx = ky == 0 ? 1 : 0; kx < _kw; kx++)
                            {
                                int i = corner + (ky * _w + kx) * _c;
                                var v = Unsafe.ReadUnaligned<Vector<float>>(x + i);
                                var take = Vector.GreaterThan(v, best) | ~Vector.Equals(v, v);
                                best = Vector.ConditionalSelect(take, v, best);
                                at = Vector.ConditionalSelect(take, new Vector<int>(i) + LaneOffsets, at);
                            }
                        Unsafe.WriteUnaligned(y + o, best);
                        Unsafe.WriteUnaligned(argmax + o, at);
                    }
                    else
                    {
                        var sum = Vector<float>.Zero;
                        for (int ky = 0; ky < _kh; ky++)
                            for (int kx = 0; kx < _kw; kx++)
                                sum += Unsafe.ReadUnaligned<Vector<float>>(x + corner + (ky * _w + kx) * _c);
                        Unsafe.WriteUnaligned(y + o, sum * inv);
                    }
                }
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        if (!inputGradient) return;
        if (dy.Length < batch * OutputSize || dx.Length < batch * InputSize) throw new ArgumentException($"Pooling gradients need {batch} samples.");
        fixed (float* pdy = dy, pdx = dx)
        fixed (int* pa = _argmax)
        {
            nint dya = (nint)pdy, dxa = (nint)pdx, aa = (nint)pa;
            Tensors.ForChunks(batch, SampleChunk, Parallel, (start, end) =>
            {
                for (int b = start; b < end; b++) BackwardSample((float*)dya, (float*)dxa, (int*)aa, b);
            });
        }
    }

    /// <summary>One sample's input gradient: every window's gradient routed to its maximum or spread evenly.</summary>
    private void BackwardSample(float* dy, float* dx, int* argmax, int b)
    {
        new Span<float>(dx + (nint)b * InputSize, InputSize).Clear();
        int inBase = b * InputSize, outBase = b * OutputSize;
        if (Mode == PoolMode.Max)
        {
            for (int o = outBase; o < outBase + OutputSize; o++) dx[argmax[o]] += dy[o];
            return;
        }
        float inv = 1f / (_kh * _kw);
        bool vectors = Vectorised;
        for (int oy = 0; oy < _oh; oy++)
            for (int ox = 0; ox < _ow; ox++)
            {
                int corner = inBase + (oy * _kh * _w + ox * _kw) * _c, o = outBase + (oy * _ow + ox) * _c;
                int c = 0;
                if (vectors)
                    for (; c < _c; c += Lanes)
                    {
                        var g = Unsafe.ReadUnaligned<Vector<float>>(dy + o + c) * new Vector<float>(inv);
                        for (int ky = 0; ky < _kh; ky++)
                            for (int kx = 0; kx < _kw; kx++)
                            {
                                float* d = dx + corner + (ky * _w + kx) * _c + c;
                                Unsafe.WriteUnaligned(d, Unsafe.ReadUnaligned<Vector<float>>(d) + g);
                            }
                    }
                for (; c < _c; c++)
                {
                    float g = dy[o + c] * inv;
                    for (int ky = 0; ky < _kh; ky++)
                        for (int kx = 0; kx < _kw; kx++)
                            dx[corner + (ky * _w + kx) * _c + c] += g;
                }
            }
    }
}
