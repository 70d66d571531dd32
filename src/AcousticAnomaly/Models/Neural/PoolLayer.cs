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
/// </summary>
public sealed class PoolLayer : Layer
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

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        Prepare(batch);
        float inv = 1f / (_kh * _kw);
        for (int b = 0; b < batch; b++)
        {
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
                            _argmax[o] = bestAt;
                        }
                        else
                        {
                            y[o] = sum * inv;
                        }
                    }
        }
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        if (!inputGradient) return;
        dx = dx[..(batch * InputSize)];
        dx.Clear();
        if (Mode == PoolMode.Max)
        {
            for (int o = 0; o < batch * OutputSize; o++) dx[_argmax[o]] += dy[o];
            return;
        }
        float inv = 1f / (_kh * _kw);
        for (int b = 0; b < batch; b++)
        {
            int inBase = b * InputSize, outBase = b * OutputSize;
            for (int oy = 0; oy < _oh; oy++)
                for (int ox = 0; ox < _ow; ox++)
                    for (int c = 0; c < _c; c++)
                    {
                        float g = dy[outBase + (oy * _ow + ox) * _c + c] * inv;
                        for (int ky = 0; ky < _kh; ky++)
                            for (int kx = 0; kx < _kw; kx++)
                                dx[inBase + ((oy * _kh + ky) * _w + ox * _kw + kx) * _c + c] += g;
                    }
        }
    }
}
