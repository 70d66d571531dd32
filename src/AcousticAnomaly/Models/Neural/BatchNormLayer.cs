using System.Numerics;
using System.Runtime.CompilerServices;

namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// Batch normalisation per channel of channel-last samples (channel = index mod Channels), as PyTorch's
/// BatchNorm1d/BatchNorm2d: training normalises with the batch mean and biased variance over batch and positions and
/// updates running = (1 - momentum) running + momentum batch, the running variance with the unbiased batch variance;
/// inference uses the running statistics. Statistics are summed in double so the order of positions hardly matters.
/// <para>When the channel count is a multiple of the SIMD width, channels are handled in blocks of one vector: each
/// block sums its channels over every position in position order (exactly the scalar sums, lane by lane) and then
/// normalises them, so blocks are independent and run in parallel (in groups of blocks, one per thread) without the
/// results depending on threads.</para>
/// </summary>
public sealed unsafe class BatchNormLayer : Layer
{
    private readonly int _c;
    private readonly double[] _sum, _sq;
    private readonly float[] _mean, _invStd, _meanDy, _meanDyXhat;
    private float[] _xhat = [];

    public BatchNormLayer(int size, int channels, double momentum = 0.1, double epsilon = 1e-5) : base(size, size)
    {
        if (channels < 1 || size % channels != 0) throw new ArgumentException($"{size} values are not whole positions of {channels} channels.");
        _c = channels;
        Momentum = momentum;
        Epsilon = epsilon;
        Gamma = new Parameter("weight", channels);
        Beta = new Parameter("bias", channels);
        Array.Fill(Gamma.Value, 1f);
        RunningMean = new float[channels];
        RunningVariance = new float[channels];
        Array.Fill(RunningVariance, 1f);
        _sum = new double[channels];
        _sq = new double[channels];
        _mean = new float[channels];
        _invStd = new float[channels];
        _meanDy = new float[channels];
        _meanDyXhat = new float[channels];
    }

    public int Channels => _c;
    public double Momentum { get; }
    public double Epsilon { get; }
    public Parameter Gamma { get; }
    public Parameter Beta { get; }
    public float[] RunningMean { get; }
    public float[] RunningVariance { get; }
    public override IReadOnlyList<Parameter> Parameters => [Gamma, Beta];
    public override IReadOnlyList<float[]> Buffers => [RunningMean, RunningVariance];

    public override void Prepare(int maxBatch) => _xhat = Grow(_xhat, maxBatch * InputSize);

    /// <summary>Channels per block: one SIMD vector of floats.</summary>
    private static readonly int Block = Vector<float>.Count;

    /// <summary>Values per batch below which blocks run on the calling thread (a dense layer's few hundred values).</summary>
    private const int ParallelThreshold = 1 << 15;

    private bool Blocked => Vector.IsHardwareAccelerated && _c % Block == 0 && Vector<double>.Count * 2 == Block;

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        int total = batch * InputSize;
        if (x.Length < total || y.Length < total) throw new ArgumentException($"Batch norm needs {total} values.");
        if (training) Prepare(batch);
        else for (int c = 0; c < _c; c++) _invStd[c] = (float)(1.0 / Math.Sqrt(RunningVariance[c] + Epsilon));
        if (!Blocked)
        {
            if (training) ForwardTraining(x, y, total, 0, _c);
            else ForwardInference(x, y, total, 0, _c);
            return;
        }
        RunBlocks(x, y, total, training ? ForwardTrainingBlock : ForwardInferenceBlock);
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        int total = batch * InputSize;
        if (dy.Length < total || (inputGradient && dx.Length < total)) throw new ArgumentException($"Batch norm gradients need {total} values.");
        _backwardInput = inputGradient;
        if (!Blocked) BackwardChannels(dy, dx, total, 0, _c);
        else RunBlocks(dy, dx, total, BackwardBlock);
    }

    private bool _backwardInput;

    private delegate void BlockBody(float* input, float* output, int total, int v0, int v1);

    /// <summary>
    /// Runs a body over the channel blocks cut into as many contiguous groups as there are threads to use (one group
    /// on one thread); a group walks the positions once for all its blocks, so a 16-channel layer on one thread reads
    /// the batch once per pass instead of once per block. Every channel's arithmetic is the same in any grouping.
    /// </summary>
    private void RunBlocks(ReadOnlySpan<float> input, Span<float> output, int total, BlockBody body)
    {
        int blocks = _c / Block;
        var options = Parallel;
        int workers = options is null || total < ParallelThreshold ? 1
            : options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        int groups = Math.Clamp(workers, 1, blocks);
        fixed (float* pi = input, po = output)
        {
            nint ia = (nint)pi, oa = (nint)po;
            if (groups == 1 || options is null) body(pi, po, total, 0, blocks);
            else
                System.Threading.Tasks.Parallel.For(0, groups, options, g =>
                    body((float*)ia, (float*)oa, total, g * blocks / groups, (g + 1) * blocks / groups));
        }
    }

    private static Vector<float> Load(float* p) => Unsafe.ReadUnaligned<Vector<float>>(p);

    private static void Store(float* p, Vector<float> v) => Unsafe.WriteUnaligned(p, v);

    /// <summary>Lanes of one float vector as two double vectors added onto acc[2v], acc[2v + 1].</summary>
    private static void AddWide(Span<Vector<double>> acc, int v, Vector<float> value)
    {
        Vector.Widen(value, out var lo, out var hi);
        acc[2 * v] += lo;
        acc[2 * v + 1] += hi;
    }

    private void StoreWide(Span<Vector<double>> acc, double[] target, int v0)
    {
        int half = Vector<double>.Count;
        for (int v = 0; v < acc.Length / 2; v++)
        {
            acc[2 * v].CopyTo(target, (v0 + v) * Block);
            acc[2 * v + 1].CopyTo(target, (v0 + v) * Block + half);
        }
    }

    private void ForwardTrainingBlock(float* x, float* y, int total, int v0, int v1)
    {
        int count = total / _c, nv = v1 - v0, c0 = v0 * Block;
        Span<Vector<double>> sum = stackalloc Vector<double>[2 * nv];
        sum.Clear();
        for (int i = c0; i < total; i += _c)
            for (int v = 0; v < nv; v++) AddWide(sum, v, Load(x + i + v * Block));
        var n = new Vector<double>(count);
        for (int v = 0; v < sum.Length; v++) sum[v] /= n;
        Span<Vector<double>> sq = stackalloc Vector<double>[2 * nv];
        sq.Clear();
        for (int i = c0; i < total; i += _c)
            for (int v = 0; v < nv; v++)
            {
                Vector.Widen(Load(x + i + v * Block), out var lo, out var hi);
                var d0 = lo - sum[2 * v];
                var d1 = hi - sum[2 * v + 1];
                sq[2 * v] += d0 * d0;
                sq[2 * v + 1] += d1 * d1;
            }
        StoreWide(sum, _sum, v0);
        StoreWide(sq, _sq, v0);
        UpdateStatistics(count, c0, v1 * Block);
        fixed (float* xhat = _xhat, mean = _mean, inv = _invStd, gamma = Gamma.Value, beta = Beta.Value)
            for (int i = c0; i < total; i += _c)
                for (int v = 0, c = c0; v < nv; v++, c += Block)
                {
                    var xh = (Load(x + i + v * Block) - Load(mean + c)) * Load(inv + c);
                    Store(xhat + i + v * Block, xh);
                    Store(y + i + v * Block, Load(gamma + c) * xh + Load(beta + c));
                }
    }

    private void ForwardInferenceBlock(float* x, float* y, int total, int v0, int v1)
    {
        int c0 = v0 * Block, nv = v1 - v0;
        fixed (float* mean = RunningMean, inv = _invStd, gamma = Gamma.Value, beta = Beta.Value)
            for (int i = c0; i < total; i += _c)
                for (int v = 0, c = c0; v < nv; v++, c += Block)
                    Store(y + i + v * Block, Load(gamma + c) * (Load(x + i + v * Block) - Load(mean + c)) * Load(inv + c) + Load(beta + c));
    }

    private void BackwardBlock(float* dy, float* dx, int total, int v0, int v1)
    {
        int c0 = v0 * Block, nv = v1 - v0;
        Span<Vector<double>> sum = stackalloc Vector<double>[2 * nv], sq = stackalloc Vector<double>[2 * nv];
        sum.Clear();
        sq.Clear();
        fixed (float* xhat = _xhat)
        {
            for (int i = c0; i < total; i += _c)
                for (int v = 0; v < nv; v++)
                {
                    var g = Load(dy + i + v * Block);
                    AddWide(sum, v, g);
                    // The product is rounded to float before it is summed, as the scalar float * float is.
                    AddWide(sq, v, g * Load(xhat + i + v * Block));
                }
            StoreWide(sum, _sum, v0);
            StoreWide(sq, _sq, v0);
            if (!GradientStatistics(total / _c, c0, v1 * Block)) return;
            fixed (float* gamma = Gamma.Value, inv = _invStd, meanDy = _meanDy, meanDyXhat = _meanDyXhat)
                for (int i = c0; i < total; i += _c)
                    for (int v = 0, c = c0; v < nv; v++, c += Block)
                    {
                        int o = i + v * Block;
                        Store(dx + o, Load(gamma + c) * Load(inv + c) * (Load(dy + o) - Load(meanDy + c) - Load(xhat + o) * Load(meanDyXhat + c)));
                    }
        }
    }

    /// <summary>Mean, 1/std and running statistics of channels [c0, c1) from _sum (the mean) and _sq.</summary>
    private void UpdateStatistics(int count, int c0, int c1)
    {
        float m = (float)Momentum;
        for (int c = c0; c < c1; c++)
        {
            double variance = _sq[c] / count;
            _mean[c] = (float)_sum[c];
            _invStd[c] = (float)(1.0 / Math.Sqrt(variance + Epsilon));
            double unbiased = count > 1 ? _sq[c] / (count - 1) : variance;
            RunningMean[c] = (1f - m) * RunningMean[c] + m * (float)_sum[c];
            RunningVariance[c] = (1f - m) * RunningVariance[c] + m * (float)unbiased;
        }
    }

    /// <summary>Parameter gradients of channels [c0, c1) from _sum and _sq; true when the input gradient is wanted.</summary>
    private bool GradientStatistics(int count, int c0, int c1)
    {
        for (int c = c0; c < c1; c++)
        {
            Beta.Gradient[c] = (float)_sum[c];
            Gamma.Gradient[c] = (float)_sq[c];
        }
        if (!_backwardInput) return false;
        for (int c = c0; c < c1; c++)
        {
            _meanDy[c] = (float)(_sum[c] / count);
            _meanDyXhat[c] = (float)(_sq[c] / count);
        }
        return true;
    }

    // Scalar paths for channel counts that are not a multiple of the SIMD width; the blocked paths are these loops,
    // eight channels at a time.
    private void ForwardTraining(ReadOnlySpan<float> x, Span<float> y, int total, int c0, int c1)
    {
        int count = total / _c;
        for (int c = c0; c < c1; c++) _sum[c] = _sq[c] = 0;
        // Channel-last: each run of _c values is one position, so channel = offset within the run (no modulo).
        for (int i = 0; i < total; i += _c)
            for (int c = c0; c < c1; c++) _sum[c] += x[i + c];
        for (int c = c0; c < c1; c++) _sum[c] /= count;
        for (int i = 0; i < total; i += _c)
            for (int c = c0; c < c1; c++)
            {
                double d = x[i + c] - _sum[c];
                _sq[c] += d * d;
            }
        UpdateStatistics(count, c0, c1);
        for (int i = 0; i < total; i += _c)
            for (int c = c0; c < c1; c++)
            {
                float xh = (x[i + c] - _mean[c]) * _invStd[c];
                _xhat[i + c] = xh;
                y[i + c] = Gamma.Value[c] * xh + Beta.Value[c];
            }
    }

    private void ForwardInference(ReadOnlySpan<float> x, Span<float> y, int total, int c0, int c1)
    {
        for (int i = 0; i < total; i += _c)
            for (int c = c0; c < c1; c++)
                y[i + c] = Gamma.Value[c] * (x[i + c] - RunningMean[c]) * _invStd[c] + Beta.Value[c];
    }

    private void BackwardChannels(ReadOnlySpan<float> dy, Span<float> dx, int total, int c0, int c1)
    {
        for (int c = c0; c < c1; c++) _sum[c] = _sq[c] = 0;
        for (int i = 0; i < total; i += _c)
            for (int c = c0; c < c1; c++)
            {
                _sum[c] += dy[i + c];
                _sq[c] += dy[i + c] * _xhat[i + c];
            }
        if (!GradientStatistics(total / _c, c0, c1)) return;
        // dx = gamma * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)).
        for (int i = 0; i < total; i += _c)
            for (int c = c0; c < c1; c++)
                dx[i + c] = Gamma.Value[c] * _invStd[c] * (dy[i + c] - _meanDy[c] - _xhat[i + c] * _meanDyXhat[c]);
    }
}
