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
    private float[] _columns = [], _columnGradient = [], _partials = [];
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

    public override void Prepare(int maxBatch)
    {
        _columns = Grow(_columns, maxBatch * _oh * _ow * _patch);
        _columnGradient = Grow(_columnGradient, maxBatch * _oh * _ow * _patch);
    }

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        Prepare(batch);
        int rows = batch * _oh * _ow;
        var cols = _columns.AsSpan(0, rows * _patch);
        Unroll(x, cols, batch);
        for (int r = 0; r < rows; r++) Bias.Value.CopyTo(y.Slice(r * _cout, _cout));
        Gemm.Multiply(cols, _patch, 1, Weight.Value, y, rows, _patch, _cout, accumulate: true, Parallel);
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        int rows = batch * _oh * _ow;
        var cols = _columns.AsSpan(0, rows * _patch);
        WeightGradient(rows, dy);
        Tensors.ColumnSums(dy[..(rows * _cout)], _cout, Bias.Gradient);
        if (!inputGradient) return;
        Tensors.Transpose(Weight.Value, _patch, _cout, _transposed);
        var dcols = _columnGradient.AsSpan(0, rows * _patch);
        Gemm.Multiply(dy, _cout, 1, _transposed, dcols, rows, _cout, _patch, accumulate: false, Parallel);
        Fold(dcols, dx[..(batch * InputSize)], batch);
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

    /// <summary>im2col: row (b, oy, ox) holds the KH x KW x Cin patch at that output position, zeros outside the input.</summary>
    private void Unroll(ReadOnlySpan<float> x, Span<float> cols, int batch)
    {
        int row = 0;
        for (int b = 0; b < batch; b++)
        {
            var sample = x.Slice(b * InputSize, InputSize);
            for (int oy = 0; oy < _oh; oy++)
                for (int ox = 0; ox < _ow; ox++, row++)
                {
                    var patch = cols.Slice(row * _patch, _patch);
                    for (int ky = 0; ky < _kh; ky++)
                    {
                        int iy = oy + ky - _ph;
                        for (int kx = 0; kx < _kw; kx++)
                        {
                            int ix = ox + kx - _pw;
                            var dest = patch.Slice((ky * _kw + kx) * _cin, _cin);
                            if (iy < 0 || iy >= _h || ix < 0 || ix >= _w) dest.Clear();
                            else sample.Slice((iy * _w + ix) * _cin, _cin).CopyTo(dest);
                        }
                    }
                }
        }
    }

    /// <summary>col2im: every patch gradient added back onto the input positions it was copied from.</summary>
    private void Fold(ReadOnlySpan<float> dcols, Span<float> dx, int batch)
    {
        dx.Clear();
        int row = 0;
        for (int b = 0; b < batch; b++)
        {
            var sample = dx.Slice(b * InputSize, InputSize);
            for (int oy = 0; oy < _oh; oy++)
                for (int ox = 0; ox < _ow; ox++, row++)
                {
                    var patch = dcols.Slice(row * _patch, _patch);
                    for (int ky = 0; ky < _kh; ky++)
                    {
                        int iy = oy + ky - _ph;
                        if (iy < 0 || iy >= _h) continue;
                        for (int kx = 0; kx < _kw; kx++)
                        {
                            int ix = ox + kx - _pw;
                            if (ix < 0 || ix >= _w) continue;
                            var src = patch.Slice((ky * _kw + kx) * _cin, _cin);
                            var dest = sample.Slice((iy * _w + ix) * _cin, _cin);
                            for (int c = 0; c < _cin; c++) dest[c] += src[c];
                        }
                    }
                }
        }
    }
}
