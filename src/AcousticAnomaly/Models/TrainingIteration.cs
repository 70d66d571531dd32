namespace AcousticAnomaly.Models;

/// <summary>One finished epoch or iteration of a detector that is fitted step by step.</summary>
/// <param name="Unit">"Epoch" (neural networks) or "Iteration" (k-means, EM).</param>
/// <param name="Completed">Steps finished so far.</param>
/// <param name="Total">Steps at most (iterative fits may converge sooner).</param>
/// <param name="Loss">Training loss of this step (mean squared error, or the objective the family minimises).</param>
/// <param name="ValidationLoss">Loss on the held-out vectors, when the family holds some out.</param>
public sealed record TrainingIteration(string Unit, int Completed, int Total, double? Loss = null, double? ValidationLoss = null)
{
    /// <summary>"Epoch 3/100: loss 0.0123, validation loss 0.0145", as progress bars and -Verbose show it.</summary>
    public override string ToString()
    {
        var text = $"{Unit} {Completed}/{Total}";
        if (Loss is { } l) text += FormattableString.Invariant($": loss {l:G4}");
        if (ValidationLoss is { } v) text += FormattableString.Invariant($", validation loss {v:G4}");
        return text;
    }
}
