namespace AcousticAnomaly.Models;

/// <summary>
/// The one rule that turns a score into a decision, used by prediction, the live watchers and evaluation so they can
/// never disagree: higher scores are more anomalous, and a score is anomalous only when it is strictly above the
/// threshold (a score equal to it is normal, as scikit-learn's predict treats a decision function of exactly 0).
/// A NaN score or threshold decides nothing: it is neither normal nor anomalous, so it is an error, never a label.
/// </summary>
public static class AnomalyDecision
{
    /// <summary>True when <paramref name="score"/> &gt; <paramref name="threshold"/>; throws on a NaN score or threshold.</summary>
    public static bool IsAnomaly(double score, double threshold)
    {
        if (!CanDecide(score)) throw new ArgumentException("A NaN score is neither normal nor anomalous.", nameof(score));
        if (!CanDecide(threshold)) throw new ArgumentException("The threshold is NaN: no score can be decided against it.", nameof(threshold));
        return score > threshold;
    }

    /// <summary>Whether a score (or threshold) can take part in a decision: anything but NaN (infinities can).</summary>
    public static bool CanDecide(double value) => !double.IsNaN(value);
}
