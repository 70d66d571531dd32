namespace AcousticAnomaly.Evaluation;

/// <summary>
/// What an evaluation produced: the metrics, the scored clips they were computed from (in input order, failed files
/// left out) and the report written, if any.
/// </summary>
public sealed record ModelEvaluationRun(EvaluationResult Result, IReadOnlyList<ScoredClip> Clips, string? ReportPath);
