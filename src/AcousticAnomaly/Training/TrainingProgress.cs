using AcousticAnomaly.Models;

namespace AcousticAnomaly.Training;

/// <summary>Where a training run is: extracting features from clip N of M, then fitting (epoch or iteration N of M, with
/// its losses when the family reports them), then writing.</summary>
public sealed record TrainingProgress(string Stage, int Completed, int Total, string? CurrentFile = null, TrainingIteration? Iteration = null)
{
    public int PercentComplete => Total <= 0 ? 0 : (int)Math.Clamp(100L * Completed / Total, 0, 100);
}
