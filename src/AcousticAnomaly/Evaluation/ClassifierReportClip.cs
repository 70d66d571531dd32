namespace AcousticAnomaly.Evaluation;

/// <summary>One evaluated clip as the classifier report shows it: its true and predicted labels, the probability the
/// model gave the true label, and its place in the 2-D PCA scatter.</summary>
public sealed record ClassifierReportClip(string Path, string Label, string Predicted, double TrueProbability, double X, double Y);
