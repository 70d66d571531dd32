namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// Batch normalisation per channel of channel-last samples (channel = index mod Channels), as PyTorch's
/// BatchNorm1d/BatchNorm2d: training normalises with the batch mean and biased variance over batch and positions and
/// updates running = (1 - momentum) running + momentum batch, the running variance with the unbiased batch variance;
/// inference uses the running statistics. Statistics are summed in double so the order of positions hardly matters.
/// </summary>
public sealed class BatchNormLayer : Layer
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

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        int total = batch * InputSize, count = total / _c;
        if (training)
        {
            Prepare(batch);
            Array.Clear(_sum);
            Array.Clear(_sq);
            // Channel-last: each run of _c values is one position, so channel = offset within the run (no modulo).
            for (int i = 0; i < total; i += _c)
                for (int c = 0; c < _c; c++) _sum[c] += x[i + c];
            for (int c = 0; c < _c; c++) _sum[c] /= count;
            for (int i = 0; i < total; i += _c)
                for (int c = 0; c < _c; c++)
                {
                    double d = x[i + c] - _sum[c];
                    _sq[c] += d * d;
                }
            float m = (float)Momentum;
            for (int c = 0; c < _c; c++)
            {
                double variance = _sq[c] / count;
                _mean[c] = (float)_sum[c];
                _invStd[c] = (float)(1.0 / Math.Sqrt(variance + Epsilon));
                double unbiased = count > 1 ? _sq[c] / (count - 1) : variance;
                RunningMean[c] = (1f - m) * RunningMean[c] + m * (float)_sum[c];
                RunningVariance[c] = (1f - m) * RunningVariance[c] + m * (float)unbiased;
            }
            for (int i = 0; i < total; i += _c)
                for (int c = 0; c < _c; c++)
                {
                    float xh = (x[i + c] - _mean[c]) * _invStd[c];
                    _xhat[i + c] = xh;
                    y[i + c] = Gamma.Value[c] * xh + Beta.Value[c];
                }
        }
        else
        {
            for (int c = 0; c < _c; c++) _invStd[c] = (float)(1.0 / Math.Sqrt(RunningVariance[c] + Epsilon));
            for (int i = 0; i < total; i += _c)
                for (int c = 0; c < _c; c++)
                    y[i + c] = Gamma.Value[c] * (x[i + c] - RunningMean[c]) * _invStd[c] + Beta.Value[c];
        }
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        int total = batch * InputSize, count = total / _c;
        Array.Clear(_sum);
        Array.Clear(_sq);
        for (int i = 0; i < total; i += _c)
            for (int c = 0; c < _c; c++)
            {
                _sum[c] += dy[i + c];
                _sq[c] += dy[i + c] * _xhat[i + c];
            }
        for (int c = 0; c < _c; c++)
        {
            Beta.Gradient[c] = (float)_sum[c];
            Gamma.Gradient[c] = (float)_sq[c];
        }
        if (!inputGradient) return;
        // dx = gamma * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)).
        for (int c = 0; c < _c; c++)
        {
            _meanDy[c] = (float)(_sum[c] / count);
            _meanDyXhat[c] = (float)(_sq[c] / count);
        }
        for (int i = 0; i < total; i += _c)
            for (int c = 0; c < _c; c++)
                dx[i + c] = Gamma.Value[c] * _invStd[c] * (dy[i + c] - _meanDy[c] - _xhat[i + c] * _meanDyXhat[c]);
    }
}
