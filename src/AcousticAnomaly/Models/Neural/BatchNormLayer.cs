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
/// normalises them, so blocks are independent and run in parallel without the results depending on threads.</para>
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

    private delegate void BlockBody(float* input, float* output, int total, int c0);

    /// <summary>Runs a block body for every channel block, in parallel for large batches.</summary>
    private void RunBlocks(ReadOnlySpan<float> input, Span<float> output, int total, BlockBody body)
    {
        int blocks = _c / Block;
        fixed (float* pi = input, po = output)
        {
            nint ia = (nint)pi, oa = (nint)po;
            if (Parallel is null || blocks == 1 || total < ParallelThreshold || Parallel.MaxDegreeOfParallelism == 1)
                for (int b = 0; b < blocks; b++) body(pi, po, total, b * Block);
            else
                System.Threading.Tasks.Parallel.For(0, blocks, Parallel, b => body((float*)ia, (float*)oa, total, b * Block));
        }
    }

    private static Vector<float> Load(float* p) => Unsafe.ReadUnaligned<Vector<float>>(p);

    private static void Store(float* p, Vector<float> v) => Unsafe.WriteUnaligned(p, v);

    private void ForwardTrainingBlock(float* x, float* y, int total, int c0)
    {
        int count = total / _c;
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero;
        for (int i = c0; i < total; i += _c)
        {
            Vector.Widen(Load(x + i), out var lo, out var hi);
            s0 += lo;
            s1 += hi;
        }
        var n = new Vector<double>(count);
        var m0 = s0 / n;
        var m1 = s1 / n;
        Vector<double> q0 = Vector<double>.Zero, q1 = Vector<double>.Zero;
        for (int i = c0; i < total; i += _c)
        {
            Vector.Widen(Load(x + i), out var lo, out var hi);
            var d0 = lo - m0;
            var d1 = hi - m1;
            q0 += d0 * d0;
            q1 += d1 * d1;
        }
        int half = Vector<double>.Count;
        m0.CopyTo(_sum, c0);
        m1.CopyTo(_sum, c0 + half);
        q0.CopyTo(_sq, c0);
        q1.CopyTo(_sq, c0 + half);
        UpdateStatistics(count, c0, c0 + Block);
        var mean = new Vector<float>(_mean, c0);
        var inv = new Vector<float>(_invStd, c0);
        var gamma = new Vector<float>(Gamma.Value, c0);
        var beta = new Vector<float>(Beta.Value, c0);
        fixed (float* xhat = _xhat)
            for (int i = c0; i < total; i += _c)
            {
                var xh = (Load(x + i) - mean) * inv;
                Store(xhat + i, xh);
                Store(y + i, gamma * xh + beta);
            }
    }

    private void ForwardInferenceBlock(float* x, float* y, int total, int c0)
    {
        var mean = new Vector<float>(RunningMean, c0);
        var inv = new Vector<float>(_invStd, c0);
        var gamma = new Vector<float>(Gamma.Value, c0);
        var beta = new Vector<float>(Beta.Value, c0);
        for (int i = c0; i < total; i += _c) Store(y + i, gamma * (Load(x + i) - mean) * inv + beta);
    }

    private void BackwardBlock(float* dy, float* dx, int total, int c0)
    {
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, q0 = Vector<double>.Zero, q1 = Vector<double>.Zero;
        fixed (float* xhat = _xhat)
        {
            for (int i = c0; i < total; i += _c)
            {
                var g = Load(dy + i);
                Vector.Widen(g, out var lo, out var hi);
                s0 += lo;
                s1 += hi;
                // The product is rounded to float before it is summed, as the scalar float * float is.
                Vector.Widen(g * Load(xhat + i), out lo, out hi);
                q0 += lo;
                q1 += hi;
            }
            int half = Vector<double>.Count;
            s0.CopyTo(_sum, c0);
            s1.CopyTo(_sum, c0 + half);
            q0.CopyTo(_sq, c0);
            q1.CopyTo(_sq, c0 + half);
            if (!GradientStatistics(total / _c, c0, c0 + Block)) return;
            var scale = new Vector<float>(Gamma.Value, c0) * new Vector<float>(_invStd, c0);
            var meanDy = new Vector<float>(_meanDy, c0);
            var meanDyXhat = new Vector<float>(_meanDyXhat, c0);
            for (int i = c0; i < total; i += _c)
                Store(dx + i, scale * (Load(dy + i) - meanDy - Load(xhat + i) * meanDyXhat));
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
