using AcousticAnomaly.Features;

namespace AcousticAnomaly.Training;

/// <summary>
/// A trained model as the training cmdlets emit it. ToString() is the path, so the object itself can be given to
/// Invoke-AnomalyPrediction -Model.
/// </summary>
public sealed record ModelInfo(string Path, string Algorithm, FeatureSet FeatureSet, int TrainingClips, long TrainingVectors,
    double Threshold, DateTime Created)
{
    /// <summary>The rule that set <see cref="Threshold"/>, e.g. "Gamma(0.9)" (also stored in the model's metadata).</summary>
    public string ThresholdMethod { get; init; } = "";

    public override string ToString() => Path;
}
