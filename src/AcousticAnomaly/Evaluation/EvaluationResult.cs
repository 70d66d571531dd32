namespace AcousticAnomaly.Evaluation;

/// <summary>
/// How well a model separates normal from anomalous clips: threshold-free AUC and pAUC (max FPR 0.1, McClish-
/// standardised, as DCASE scores), and the confusion matrix with its metrics at the model's threshold
/// (anomaly if Score &gt; Threshold; anomaly is the positive class; 0/0 is reported as 0).
/// </summary>
public sealed record EvaluationResult(
    string Model,
    int NormalCount,
    int AbnormalCount,
    double Auc,
    double PAuc,
    double Threshold,
    double Precision,
    double Recall,
    double F1,
    double Accuracy,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives)
{
    /// <summary>The best F1 any threshold reaches on these clips, for comparison with <see cref="F1"/> at the stored one.</summary>
    public double BestF1 { get; init; }

    /// <summary>A threshold reaching <see cref="BestF1"/> (midway between the two scores it separates).</summary>
    public double BestF1Threshold { get; init; }
}
