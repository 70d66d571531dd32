namespace AcousticAnomaly.Models;

/// <summary>
/// A trained detector that already computed its training clips' held-out scores (e.g. an ensemble, whose members'
/// held-out scores also set its normalisation): <see cref="Training.ModelTrainer"/> fits the threshold on these instead of
/// cross-fitting the whole detector again.
/// </summary>
public interface IHeldOutScored
{
    /// <summary>One score per training clip, in the order the clips were given.</summary>
    IReadOnlyList<double> HeldOutClipScores { get; }
}
