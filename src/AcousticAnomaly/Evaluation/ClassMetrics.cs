namespace AcousticAnomaly.Evaluation;

/// <summary>One row of a classification report: a label (or "macro avg" / "weighted avg") and its metrics.</summary>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);
