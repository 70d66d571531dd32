using System.Globalization;

namespace AcousticAnomaly.Models.Thresholds;

/// <summary>A threshold derived from training scores, with the rule that produced it (recorded in the model).</summary>
/// <param name="Value">Score units, higher = more anomalous.</param>
/// <param name="Method">The rule actually used, e.g. "Gamma(0.9)", "Percentile(90)" or "Natural(0)".</param>
public sealed record FittedThreshold(double Value, string Method)
{
    /// <summary>
    /// Gamma fits the training scores as SciPy does (the DCASE 2023 baseline), but SciPy's search can end far outside
    /// the data when the scores' spread is far below 1 or they are negative (Isolation Forest scores lie in about
    /// [-0.2, 0.2]). So a gamma threshold below the median or above max + (max - min) is not trusted: the fit is redone
    /// on standardised scores (an exact maximum-likelihood fit is affine-equivariant, so this changes only the search's
    /// conditioning), and if that is implausible too the same quantile of the scores themselves is taken.
    /// </summary>
    public static FittedThreshold Fit(IReadOnlyList<double> trainingScores, ThresholdMethod method, double parameter)
    {
        ArgumentNullException.ThrowIfNull(trainingScores);
        var p = parameter.ToString("R", CultureInfo.InvariantCulture);
        if (method != ThresholdMethod.Gamma)
            return new(ThresholdCalculator.Compute(trainingScores, method, parameter), $"{method}({p})");

        if (!(parameter > 0 && parameter < 1)) throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "The gamma quantile must be in (0, 1).");
        if (trainingScores.Count == 0) throw new ArgumentException("No training scores to derive a threshold from.");
        double min = trainingScores.Min(), max = trainingScores.Max();
        double median = NumpyPercentile.Compute(trainingScores, 50);
        bool Plausible(double t) => double.IsFinite(t) && t >= median && t <= max + (max - min);
        if (TryGamma(trainingScores, parameter) is { } raw && Plausible(raw)) return new(raw, $"Gamma({p})");

        double mean = trainingScores.Average();
        double std = Math.Sqrt(trainingScores.Sum(s => (s - mean) * (s - mean)) / trainingScores.Count);
        if (std > 0 && TryGamma(trainingScores.Select(s => (s - mean) / std).ToList(), parameter) is { } z && Plausible(mean + std * z))
            return new(mean + std * z, $"Gamma({p}, standardised)");

        var percentile = 100.0 * parameter;
        return new(NumpyPercentile.Compute(trainingScores, percentile),
            $"Percentile({percentile.ToString("R", CultureInfo.InvariantCulture)}, gamma fit implausible)");
    }

    private static double? TryGamma(IReadOnlyList<double> scores, double quantile)
    {
        try
        {
            return ThresholdCalculator.Compute(scores, ThresholdMethod.Gamma, quantile);
        }
        catch (ArgumentException)
        {
            // Equal scores or a fit outside the distribution's range: the caller falls back.
            return null;
        }
    }
}
