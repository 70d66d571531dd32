namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// Adam as PyTorch 1.13 computes it (torch.optim.Adam, not amsgrad; with <see cref="WeightDecay"/> torch.optim.AdamW): m = b1 m + (1 - b1) g,
/// v = b2 v + (1 - b2) g^2, p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). Moments live here, one pair
/// per parameter, allocated once.
/// </summary>
public sealed class AdamOptimizer
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _m, _v;
    private int _step;

    public AdamOptimizer(IReadOnlyList<Parameter> parameters, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive.");
        (LearningRate, Beta1, Beta2, Epsilon) = (learningRate, beta1, beta2, epsilon);
        _m = parameters.Select(p => new float[p.Value.Length]).ToArray();
        _v = parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    /// <summary>Settable between steps, for a schedule (PyTorch: param_groups[0]['lr']).</summary>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be positive.");
    }

    private double _learningRate;
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    /// <summary>Decoupled weight decay (AdamW): every step first shrinks each parameter by 1 - lr x this, as
    /// torch.optim.AdamW does. 0 = plain Adam.</summary>
    public double WeightDecay
    {
        get => _weightDecay;
        init => _weightDecay = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The weight decay must be 0 or positive.");
    }

    private readonly double _weightDecay;

    public void Step()
    {
        _step++;
        float b1 = (float)Beta1, b2 = (float)Beta2, eps = (float)Epsilon;
        float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, _step)));
        float correction2 = (float)Math.Sqrt(1 - Math.Pow(Beta2, _step));
        for (int k = 0; k < _parameters.Count; k++)
        {
            var p = _parameters[k].Value;
            var g = _parameters[k].Gradient;
            var m = _m[k];
            var v = _v[k];
            if (WeightDecay > 0)
            {
                float keep = (float)(1 - LearningRate * WeightDecay);
                for (int i = 0; i < p.Length; i++) p[i] *= keep;
            }
            for (int i = 0; i < p.Length; i++)
            {
                m[i] = b1 * m[i] + (1f - b1) * g[i];
                v[i] = b2 * v[i] + (1f - b2) * g[i] * g[i];
                p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / correction2 + eps);
            }
        }
    }
}
