namespace AcousticAnomaly.Models.Gmm;

/// <summary>
/// A fitted diagonal Gaussian mixture: K weights, K x D means and K x D variances (row-major), in double as
/// scikit-learn keeps them. <see cref="Bic"/> is the criterion it was chosen by (lower is better).
/// </summary>
public sealed record GmmModel(double[] Weights, double[] Means, double[] Variances, int FeatureCount, double MeanLogLikelihood, int Iterations, double Bic)
{
    public int ComponentCount => Weights.Length;

    /// <summary>Free parameters of a diagonal mixture: K-1 weights, K x D means, K x D variances.</summary>
    public static int ParameterCount(int components, int features) => components - 1 + 2 * components * features;

    public void Validate()
    {
        int k = Weights.Length, d = FeatureCount;
        if (k < 1 || d < 1) throw new ArgumentException("A mixture needs at least one component and one feature.");
        if (Means.Length != k * d || Variances.Length != k * d)
            throw new ArgumentException($"Means and variances must hold {k} x {d} values (got {Means.Length} and {Variances.Length}).");
        if (Variances.Any(v => !(v > 0) || !double.IsFinite(v))) throw new ArgumentException("Every variance must be a positive finite number.");
        if (Weights.Any(w => !(w > 0) || !double.IsFinite(w))) throw new ArgumentException("Every weight must be a positive finite number.");
    }
}
