namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// One classified file or segment: the winning Label and its Probability, every class's probability (in the model's
/// label order), and how long features + model took. Offset is the segment start in seconds (0 for a whole file).
/// </summary>
public sealed record ClassificationResult(
    string Path,
    double Offset,
    string Label,
    double Probability,
    IReadOnlyDictionary<string, double> Probabilities,
    double InferenceMs);
