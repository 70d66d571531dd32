namespace AcousticAnomaly.Models.Thresholds;

/// <summary>
/// Derives a decision threshold from training scores in "higher = more anomalous" units; a clip is then anomalous
/// when its score is strictly greater than the threshold.
/// </summary>
public static class ThresholdCalculator
{
    /// <summary>The DCASE 2023 baseline's gamma quantile.</summary>
    public const double DefaultGammaQuantile = 0.9;

    /// <summary>The percentile taken by the Percentile method when none is given.</summary>
    public const double DefaultPercentile = 95;

    /// <param name="trainingScores">scores of the (normal) training clips; finite.</param>
    /// <param name="method">see <see cref="ThresholdMethod"/>.</param>
    /// <param name="parameter">Contamination: share in (0, 0.5] (scikit-learn's range); Percentile: 0..100;
    /// Gamma: the distribution quantile in (0, 1), 0.9 in the DCASE baseline.</param>
    public static double Compute(IReadOnlyList<double> trainingScores, ThresholdMethod method, double parameter)
    {
        ArgumentNullException.ThrowIfNull(trainingScores);
        if (trainingScores.Count == 0) throw new ArgumentException("No training scores to derive a threshold from.");
        for (int i = 0; i < trainingScores.Count; i++)
            if (!double.IsFinite(trainingScores[i]))
                throw new ArgumentException($"Training score {i} is {trainingScores[i]}; thresholds need finite scores.");

        switch (method)
        {
            case ThresholdMethod.Contamination:
                if (!(parameter > 0 && parameter <= 0.5))
                    throw new ArgumentOutOfRangeException(null, $"The contamination must be above 0 and at most 0.5 (got {parameter}).");
                // sklearn: offset_ = np.percentile(score_samples, 100 * contamination), lower = abnormal. Negated,
                // that is the 100 * (1 - contamination) percentile of higher = abnormal scores.
                return NumpyPercentile.Compute(trainingScores, 100.0 * (1.0 - parameter));
            case ThresholdMethod.Percentile:
                return NumpyPercentile.Compute(trainingScores, parameter);
            case ThresholdMethod.Gamma:
                return GammaFit.Fit(trainingScores).Quantile(parameter);
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown threshold method.");
        }
    }
}
