using AcousticAnomaly.Models;

namespace AcousticAnomaly.Evaluation;

/// <summary>What <see cref="ModelEvaluation"/> measures and what it writes.</summary>
public sealed record ModelEvaluationOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static ModelEvaluationOptions Defaults { get; } = new();

    /// <summary>The .onnx model that scores the clips. Null evaluates scores the clips already carry (see <see cref="LabelledClip.Score"/>).</summary>
    public string? ModelPath { get; init; }

    /// <summary>
    /// Feature settings for a model made elsewhere, and a threshold that replaces the model's. Without a model the
    /// threshold is required (it is the one the clips' scores are decided at).
    /// </summary>
    public ModelOverrides Overrides { get; init; } = new();

    /// <summary>The Model column when there is no model file (pre-scored clips); default "scores".</summary>
    public string? ModelName { get; init; }

    /// <summary>Write the self-contained HTML report here; null writes none.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The report's heading; null = "Anomaly detection report: &lt;model&gt;".</summary>
    public string? ReportTitle { get; init; }

    /// <summary>How many of the worst clips (see <see cref="HtmlReport.WorstClips"/>) get a spectrogram in the report.</summary>
    public int ReportSpectrograms { get; init; } = 8;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Overrides);
        if (ReportSpectrograms < 0)
            throw new ArgumentException($"ReportSpectrograms cannot be negative (got {ReportSpectrograms}).", nameof(ReportSpectrograms));
        if (Overrides.Threshold is { } t && !AnomalyDecision.CanDecide(t))
            throw new ArgumentException("The threshold is NaN.", nameof(Overrides));
        if (ModelPath is null && Overrides.Threshold is null)
            throw new ArgumentException("Without a model the clips' scores need a threshold to be decided at; give one (-Threshold / --threshold).", nameof(Overrides));
    }
}
