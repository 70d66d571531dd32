namespace AcousticAnomaly.Models.Mahalanobis;

/// <summary>The location and precision (inverse covariance, D x D row-major) of normal sound; Shrinkage is Ledoit-Wolf's
/// coefficient (0 for the full estimator).</summary>
public sealed record MahalanobisModel(double[] Location, double[] Precision, double Shrinkage)
{
    public int FeatureCount => Location.Length;

    public void Validate()
    {
        int d = Location.Length;
        if (d < 1) throw new ArgumentException("The model has no features.");
        if (Precision.Length != d * d) throw new ArgumentException($"The precision must hold {d} x {d} values (got {Precision.Length}).");
        if (Location.Any(v => !double.IsFinite(v)) || Precision.Any(v => !double.IsFinite(v)))
            throw new ArgumentException("The location and precision must be finite.");
    }
}
