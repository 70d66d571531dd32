namespace AcousticAnomaly.Models;

/// <summary>
/// A detector kind whose score scale depends on how many training vectors it sees, so that a model trained without a
/// fold of clips (<see cref="HeldOutScores"/>) can score on another scale than the model trained on all of them. The
/// Isolation Forest is one: each tree draws min(MaxSamples, rows) vectors and path lengths are normalised by c(that
/// count), so with fewer vectors than MaxSamples a fold model's scores are not the final model's (bldc-motor-m1, 4
/// clips: held-out scores -0.12..-0.07, the final model's on new normal clips -0.07..0; every normal clip was flagged).
/// Their held-out scores are then shifted onto the final model's scale (<see cref="HeldOutScores.Compute"/>).
/// </summary>
public interface IFoldScaleSensitive
{
    /// <summary>Null when a model trained on <paramref name="foldRows"/> vectors scores on the same scale as one trained on
    /// <paramref name="allRows"/>; otherwise why not (recorded with the threshold).</summary>
    string? FoldScaleMismatch(int allRows, int foldRows);
}
