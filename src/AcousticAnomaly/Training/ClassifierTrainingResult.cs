namespace AcousticAnomaly.Training;

/// <summary>What New-AudioClassifierModel emits: the model written and how training went.</summary>
public sealed record ClassifierTrainingResult(
    string Path,
    string Architecture,
    string Labels,
    int TrainingClips,
    int ValidationClips,
    int SkippedClips,
    int EpochsRun,
    int BestEpoch,
    double ValidationAccuracy,
    double ValidationLoss,
    double TrainingSeconds)
{
    /// <summary>The model path, so the result itself can be passed as -Model.</summary>
    public override string ToString() => Path;
}
