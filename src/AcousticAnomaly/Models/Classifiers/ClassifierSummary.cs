namespace AcousticAnomaly.Models.Classifiers;

/// <summary>What a training run saw and reached, stored in the model file.</summary>
public sealed record ClassifierSummary
{
    public string Architecture { get; init; } = "";
    public int TrainingClips { get; init; }
    public int ValidationClips { get; init; }
    public int EpochsRun { get; init; }
    /// <summary>The epoch whose weights were kept (lowest validation loss; the last epoch without validation).</summary>
    public int BestEpoch { get; init; }
    public double ValidationLoss { get; init; } = double.NaN;
    public double ValidationAccuracy { get; init; } = double.NaN;
    public double FinalTrainingLoss { get; init; } = double.NaN;
    public IReadOnlyList<float> ClassWeights { get; init; } = [];
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public DateTime CreatedUtc { get; init; }
    public string ToolVersion { get; init; } = "";
}
