using System.Management.Automation;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.PowerShell;

/// <summary>Measures how well an anomaly model separates normal from abnormal recordings: AUC, pAUC, precision, recall, F1.</summary>
/// <remarks>
/// Scores every labelled clip with the model (one score per file) and reports, with anomaly as the positive class,
/// the threshold-free AUC and pAUC (max FPR 0.1, McClish-standardised, as DCASE scores) and the confusion matrix,
/// precision, recall, F1 and accuracy at the model's threshold (or -Threshold). -ReportPath also writes a
/// self-contained HTML report (ROC curve, score histogram, per-file table, spectrograms of the worst clips).
///
/// Labelled input comes in one of two ways:
/// - -NormalPath and -AbnormalPath: files or folders (wildcards allowed); a folder stands for its *.wav and *.flac
///   files, sorted by name.
/// - Pipeline objects with a Path (or FullName/PSPath) and a truth label. The truth is read from the property
///   TrueLabel, else ExpectedLabel, else Label. A prediction (an object with an IsAnomaly property, such as
///   Invoke-AnomalyPrediction's output, also after Export-Csv/Import-Csv) never has its Label used as the truth,
///   because that Label is the model's verdict: add a TrueLabel property to it. Truth values are normal, anomaly or
///   abnormal (any case), 0 or 1.
///
/// With -Model every clip is scored by that model; Score properties of the input are ignored, so all scores come
/// from one model. Without -Model the input objects' Score properties are measured as they are (for predictions made
/// earlier), at -Threshold or else at the inputs' common Threshold property; the Model column is their Model property.
///
/// A clip that cannot be read is a non-terminating error and the rest go on; a bad truth label, an unusable model, or
/// no scored clip of one class stops the command. -WhatIf evaluates but does not write the report.
/// </remarks>
/// <example>
/// <code>Measure-AnomalyModel -Model valve.onnx -NormalPath test/normal -AbnormalPath test/abnormal -ReportPath valve.html</code>
/// <para>Scores every WAV and FLAC in the two folders and writes the HTML report beside the metrics.</para>
/// </example>
/// <example>
/// <code>Import-Csv labels.csv | Measure-AnomalyModel -Model pump.onnx -Threshold 0.05</code>
/// <para>labels.csv has the columns Path and Label (normal/abnormal or 0/1); measures at a threshold of 0.05.</para>
/// </example>
/// <example>
/// <code>Get-ChildItem test/*.wav | Invoke-AnomalyPrediction -Model fan.onnx |
///     Select-Object *, @{ n = 'TrueLabel'; e = { if ($_.Path -match 'anomaly') { 'anomaly' } else { 'normal' } } } |
///     Measure-AnomalyModel</code>
/// <para>Measures predictions already made (their scores are reused) against truth labels taken from the file names.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "AnomalyModel", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(EvaluationResult))]
public sealed class MeasureAnomalyModelCommand : PSCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string FoldersSet = "Folders";

    /// <summary>
    /// The .onnx model: a path, a FileInfo, a training cmdlet's result or Get-AnomalyModel's object. With -NormalPath and
    /// -AbnormalPath, models piped in are measured one after another. Optional only for piped predictions that carry a Score.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = FoldersSet)]
    [ModelArgumentTransformation]
    [Parameter(ParameterSetName = InputObjectSet)]
    public string? Model { get; set; }

    /// <summary>Recordings of normal operation: files or folders (a folder means its *.wav and *.flac files). Wildcards are expanded.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FoldersSet)]
    [SupportsWildcards]
    public string[] NormalPath { get; set; } = Array.Empty<string>();

    /// <summary>Recordings of abnormal operation: files or folders (a folder means its *.wav and *.flac files). Wildcards are expanded.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FoldersSet)]
    [SupportsWildcards]
    public string[] AbnormalPath { get; set; } = Array.Empty<string>();

    /// <summary>
    /// A labelled clip from the pipeline: any object with Path (or FullName or PSPath) and a truth label in TrueLabel,
    /// ExpectedLabel or Label (not Label of a prediction). Import-Csv rows and predictions with an added TrueLabel work.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject? InputObject { get; set; }

    /// <summary>Measure at this threshold instead of the model's (Score units, higher = more anomalous).</summary>
    [Parameter]
    public double? Threshold { get; set; }

    /// <summary>Also write a self-contained HTML report to this file (replaced if it exists).</summary>
    [Parameter]
    public string? ReportPath { get; set; }

    /// <summary>How many of the worst clips get a spectrogram in the report.</summary>
    [Parameter]
    [ValidateRange(0, 1000)]
    public int SpectrogramCount { get; set; } = ModelEvaluationOptions.Defaults.ReportSpectrograms;

    /// <summary>Feature set for a model made elsewhere (ours carry their own settings).</summary>
    [Parameter]
    public FeatureSet? FeatureSet { get; set; }

    /// <summary>Analysis sample rate for a model made elsewhere.</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int? SampleRate { get; set; }

    /// <summary>Channel for a model made elsewhere; -1 averages all channels.</summary>
    [Parameter]
    [ValidateRange(-1, 255)]
    public int? Channel { get; set; }

    private readonly List<LabelledClip> _clips = new();
    private readonly List<(double? Threshold, string? Model)> _scoredBy = new();
    private readonly CancellationTokenSource _cancel = new();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == FoldersSet)
        {
            if (_clips.Count == 0) _clips.AddRange(ModelEvaluation.FromPaths(Resolve(NormalPath), Resolve(AbnormalPath)));
            Evaluate();
            return;
        }
        if (InputObject is null) return;
        try
        {
            var clip = ReadInput(InputObject);
            _clips.Add(clip);
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "LabelledClipInvalid", ErrorCategory.InvalidData, InputObject));
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != FoldersSet) Evaluate();
    }

    /// <summary>Measures the clips gathered so far with -Model (or their own scores).</summary>
    private void Evaluate()
    {
        if (_clips.Count == 0)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("No labelled clips to measure."),
                "NoLabelledClips", ErrorCategory.InvalidArgument, null));
        }

        var modelPath = Model is null ? null : GetUnresolvedProviderPathFromPSPath(Model);
        var report = ReportPath is null ? null : GetUnresolvedProviderPathFromPSPath(ReportPath);
        if (report is not null && !ShouldProcess(report, "Write evaluation report")) report = null;
        var options = new ModelEvaluationOptions
        {
            ModelPath = modelPath,
            Overrides = new ModelOverrides(FeatureOverrides(), Threshold ?? (modelPath is null ? CommonInputThreshold() : null)),
            ModelName = modelPath is null ? CommonInputModel() : null,
            ReportPath = report,
            ReportSpectrograms = SpectrogramCount,
        };

        var activity = $"Measure-AnomalyModel: {(modelPath is null ? options.ModelName : System.IO.Path.GetFileName(modelPath))}";
        try
        {
            var run = PipelineThreadPump.Run(post => new ModelEvaluation(options).Evaluate(_clips,
                (file, error) => post(() => WriteError(new ErrorRecord(error, "AudioFileUnusable", ErrorCategory.InvalidData, file))),
                new PostingProgress<ModelEvaluationProgress>(post, p => WriteProgress(new ProgressRecord(1, activity, p.Stage)
                {
                    PercentComplete = p.PercentComplete,
                    CurrentOperation = p.CurrentFile ?? "",
                })),
                _cancel.Token));
            WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
            WriteVerbose($"{activity}: {run.Clips.Count} clip(s) scored ({_clips.Count} given); threshold {run.Result.Threshold:G6}.");
            WriteObject(run.Result);
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is OnnxModelException or OnnxRuntimeException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ModelUnusable", ErrorCategory.InvalidArgument, modelPath));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "EvaluationFailed", ErrorCategory.InvalidOperation, modelPath));
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>
    /// One pipeline object as a labelled clip. The truth comes from TrueLabel, then ExpectedLabel, then Label - but a
    /// prediction's Label is its verdict, so an object with IsAnomaly must name its truth explicitly.
    /// </summary>
    private LabelledClip ReadInput(PSObject input)
    {
        var rawPath = Text(input, "Path") ?? Text(input, "FullName") ?? Text(input, "PSPath")
            ?? throw new ArgumentException($"'{input}' has no Path, FullName or PSPath property naming the audio file.");
        var path = GetUnresolvedProviderPathFromPSPath(rawPath);
        bool isPrediction = input.Properties["IsAnomaly"] is not null;
        var truth = Text(input, "TrueLabel") ?? Text(input, "ExpectedLabel") ?? (isPrediction ? null : Text(input, "Label"));
        if (truth is null)
        {
            throw new ArgumentException(isPrediction
                ? $"{path}: this is a prediction, and its Label is the model's verdict, not the truth; add a TrueLabel property (normal or anomaly)."
                : $"{path}: no truth label; give the object a TrueLabel or Label property (normal, anomaly, abnormal, 0 or 1).");
        }
        var label = ClipLabels.Normalize(truth, path);
        double? score = null;
        if (Model is null)
        {
            // Only pre-scored input is measured without a model; the scores, thresholds and model names it carries are used.
            score = input.Properties["Score"]?.Value is { } s ? Convert(s, "Score", path) : null;
            _scoredBy.Add((input.Properties["Threshold"]?.Value is { } t ? Convert(t, "Threshold", path) : null, Text(input, "Model")));
        }
        return new LabelledClip(path, label, score);
    }

    private static string? Text(PSObject input, string property)
    {
        var value = input.Properties[property]?.Value;
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        var text = value?.ToString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static double Convert(object value, string property, string path)
    {
        try
        {
            return LanguagePrimitives.ConvertTo<double>(value);
        }
        catch (PSInvalidCastException e)
        {
            throw new ArgumentException($"{path}: {property} '{value}' is not a number.", e);
        }
    }

    /// <summary>The threshold every pre-scored input carries; differing ones cannot be mixed without -Threshold.</summary>
    private double? CommonInputThreshold()
    {
        var thresholds = _scoredBy.Select(s => s.Threshold).Where(t => t is not null).Distinct().ToList();
        if (thresholds.Count > 1)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(
                $"The piped predictions carry {thresholds.Count} different thresholds; give -Threshold to measure them at one."),
                "ThresholdsDiffer", ErrorCategory.InvalidArgument, null));
        }
        return thresholds.FirstOrDefault();
    }

    private string? CommonInputModel()
    {
        var models = _scoredBy.Select(s => s.Model).Where(m => m is not null).Distinct(StringComparer.Ordinal).ToList();
        return models.Count == 1 ? models[0] : models.Count == 0 ? null : string.Join(";", models);
    }

    /// <summary>Expands wildcards; a path that matches nothing is a non-terminating error.</summary>
    private List<string> Resolve(IEnumerable<string> paths)
    {
        var resolved = new List<string>();
        foreach (var p in paths)
        {
            try
            {
                resolved.AddRange(GetResolvedProviderPathFromPSPath(p, out var provider).Where(_ => provider.Name == "FileSystem"));
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "FileNotFound", ErrorCategory.ObjectNotFound, p));
            }
        }
        return resolved;
    }

    private FeatureSettings? FeatureOverrides() =>
        FeatureSet is null && SampleRate is null && Channel is null ? null : FeatureSettings.Create(FeatureSet, SampleRate, Channel);
}
