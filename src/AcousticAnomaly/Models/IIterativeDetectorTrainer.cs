
namespace AcousticAnomaly.Models;

/// <summary>
/// A detector fitted in epochs or iterations. <see cref="Training.ModelTrainer"/> sets <see cref="Iterations"/> before fitting so
/// callers see every step (Write-Progress and -Verbose, the CLI's stderr) instead of one long "Fitting" stage.
/// </summary>
public interface IIterativeDetectorTrainer : IDetectorTrainer
{
    /// <summary>Told after every finished step, on the fitting thread; null reports nothing.</summary>
    IProgress<TrainingIteration>? Iterations { get; set; }
}
