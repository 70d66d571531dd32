namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// Inverted dropout (PyTorch's): in training each value is zeroed with probability <see cref="Rate"/> and the rest
/// scaled by 1 / (1 - rate); identity at inference, so the exported model has no dropout node. The mask comes from a
/// seeded generator, so training stays reproducible.
/// </summary>
public sealed class DropoutLayer : Layer
{
    private readonly Random _random;
    private float[] _mask = [];

    public DropoutLayer(int size, double rate, int seed) : base(size, size)
    {
        if (rate is < 0 or >= 1 || double.IsNaN(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        Rate = rate;
        _random = new Random(seed);
    }

    public double Rate { get; }

    public override void Prepare(int maxBatch) => _mask = Grow(_mask, maxBatch * InputSize);

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        int n = batch * InputSize;
        if (!training || Rate == 0)
        {
            x[..n].CopyTo(y);
            if (training) Array.Fill(_mask, 1f, 0, Math.Min(n, _mask.Length));
            return;
        }
        Prepare(batch);
        float keep = (float)(1.0 / (1.0 - Rate));
        for (int i = 0; i < n; i++)
        {
            _mask[i] = _random.NextDouble() < Rate ? 0f : keep;
            y[i] = x[i] * _mask[i];
        }
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        if (!inputGradient) return;
        int n = batch * InputSize;
        if (Rate == 0)
        {
            dy[..n].CopyTo(dx);
            return;
        }
        for (int i = 0; i < n; i++) dx[i] = dy[i] * _mask[i];
    }
}
