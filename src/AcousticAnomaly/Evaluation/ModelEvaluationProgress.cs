namespace AcousticAnomaly.Evaluation;

/// <summary>Where an evaluation is: scoring clip N of M, then rendering spectrograms, then writing the report.</summary>
public sealed record ModelEvaluationProgress(string Stage, int Completed, int Total, string? CurrentFile = null)
{
    public int PercentComplete => Total <= 0 ? 0 : (int)Math.Clamp(100L * Completed / Total, 0, 100);
}
