namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// One LSTM layer as torch.nn.LSTM computes it (batch_first, one direction, gates in PyTorch's order input, forget,
/// cell, output): z = x_t W_ih + b_ih + h_{t-1} W_hh + b_hh, c_t = f c_{t-1} + i g, h_t = o tanh(c_t), starting from
/// zero states. A sample is [steps][inputs] in, every hidden state [steps][hidden] out (channel-last like the
/// convolutions). Kernels are stored [inputs][4 hidden] and [hidden][4 hidden] (PyTorch's transposed). The forward pass
/// keeps each step's gates and cell state for backpropagation through time.
/// </summary>
public sealed class LstmLayer : Layer
{
    private readonly int _steps, _inputs, _hidden;
    private float[] _gates = [], _cells = [];
    private readonly float[] _z, _dz, _dh, _dc;

    public LstmLayer(int steps, int inputs, int hidden) : base(steps * inputs, steps * hidden)
    {
        (_steps, _inputs, _hidden) = (steps, inputs, hidden);
        WeightIh = new Parameter("weight_ih", inputs * 4 * hidden);
        WeightHh = new Parameter("weight_hh", hidden * 4 * hidden);
        BiasIh = new Parameter("bias_ih", 4 * hidden);
        BiasHh = new Parameter("bias_hh", 4 * hidden);
        _z = new float[4 * hidden];
        _dz = new float[4 * hidden];
        _dh = new float[hidden];
        _dc = new float[hidden];
    }

    public int Steps => _steps;
    public int Inputs => _inputs;
    public int Hidden => _hidden;
    public Parameter WeightIh { get; }
    public Parameter WeightHh { get; }
    public Parameter BiasIh { get; }
    public Parameter BiasHh { get; }
    public override IReadOnlyList<Parameter> Parameters => [WeightIh, WeightHh, BiasIh, BiasHh];

    public override void Prepare(int maxBatch)
    {
        _gates = Grow(_gates, maxBatch * _steps * 4 * _hidden);
        _cells = Grow(_cells, maxBatch * _steps * _hidden);
    }

    private static float Sigmoid(float v) => 1f / (1f + MathF.Exp(-v));

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        Prepare(batch);
        int h4 = 4 * _hidden;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < _steps; t++)
            {
                int row = b * _steps + t;
                for (int j = 0; j < h4; j++) _z[j] = BiasIh.Value[j] + BiasHh.Value[j];
                Accumulate(x.Slice(row * _inputs, _inputs), WeightIh.Value, _z);
                if (t > 0) Accumulate(y.Slice((row - 1) * _hidden, _hidden), WeightHh.Value, _z);
                var gates = _gates.AsSpan(row * h4, h4);
                var cell = _cells.AsSpan(row * _hidden, _hidden);
                var h = y.Slice(row * _hidden, _hidden);
                for (int k = 0; k < _hidden; k++)
                {
                    float i = Sigmoid(_z[k]), f = Sigmoid(_z[_hidden + k]), g = MathF.Tanh(_z[2 * _hidden + k]), o = Sigmoid(_z[3 * _hidden + k]);
                    (gates[k], gates[_hidden + k], gates[2 * _hidden + k], gates[3 * _hidden + k]) = (i, f, g, o);
                    float previous = t > 0 ? _cells[(row - 1) * _hidden + k] : 0f;
                    cell[k] = f * previous + i * g;
                    h[k] = o * MathF.Tanh(cell[k]);
                }
            }
    }

    /// <summary>z += v M for a row vector v and M stored [v.Length][z.Length].</summary>
    private static void Accumulate(ReadOnlySpan<float> v, float[] m, Span<float> z)
    {
        int n = z.Length;
        for (int r = 0; r < v.Length; r++)
        {
            float a = v[r];
            if (a == 0f) continue;
            var w = m.AsSpan(r * n, n);
            for (int j = 0; j < n; j++) z[j] += a * w[j];
        }
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        int h4 = 4 * _hidden;
        foreach (var p in Parameters) Array.Clear(p.Gradient);
        for (int b = 0; b < batch; b++)
        {
            Array.Clear(_dh);
            Array.Clear(_dc);
            for (int t = _steps - 1; t >= 0; t--)
            {
                int row = b * _steps + t;
                var gates = _gates.AsSpan(row * h4, h4);
                for (int k = 0; k < _hidden; k++)
                {
                    float i = gates[k], f = gates[_hidden + k], g = gates[2 * _hidden + k], o = gates[3 * _hidden + k];
                    float c = _cells[row * _hidden + k], tc = MathF.Tanh(c);
                    float previous = t > 0 ? _cells[(row - 1) * _hidden + k] : 0f;
                    float dh = dy[row * _hidden + k] + _dh[k];
                    float dc = dh * o * (1f - tc * tc) + _dc[k];
                    _dz[k] = dc * g * i * (1f - i);
                    _dz[_hidden + k] = dc * previous * f * (1f - f);
                    _dz[2 * _hidden + k] = dc * i * (1f - g * g);
                    _dz[3 * _hidden + k] = dh * tc * o * (1f - o);
                    _dc[k] = dc * f;
                }
                for (int j = 0; j < h4; j++)
                {
                    BiasIh.Gradient[j] += _dz[j];
                    BiasHh.Gradient[j] += _dz[j];
                }
                Outer(x.Slice(row * _inputs, _inputs), _dz, WeightIh.Gradient);
                if (t > 0) Outer(y.Slice((row - 1) * _hidden, _hidden), _dz, WeightHh.Gradient);
                // dh_{t-1} = dz W_hh^T; dx_t = dz W_ih^T.
                Project(_dz, WeightHh.Value, _dh);
                if (inputGradient) Project(_dz, WeightIh.Value, dx.Slice(row * _inputs, _inputs));
            }
        }
    }

    /// <summary>g[r][j] += v[r] dz[j].</summary>
    private static void Outer(ReadOnlySpan<float> v, ReadOnlySpan<float> dz, float[] g)
    {
        int n = dz.Length;
        for (int r = 0; r < v.Length; r++)
        {
            float a = v[r];
            var row = g.AsSpan(r * n, n);
            for (int j = 0; j < n; j++) row[j] += a * dz[j];
        }
    }

    /// <summary>result[r] = sum_j dz[j] M[r][j] (overwrites).</summary>
    private static void Project(ReadOnlySpan<float> dz, float[] m, Span<float> result)
    {
        int n = dz.Length;
        for (int r = 0; r < result.Length; r++)
        {
            var w = m.AsSpan(r * n, n);
            float s = 0f;
            for (int j = 0; j < n; j++) s += dz[j] * w[j];
            result[r] = s;
        }
    }
}
