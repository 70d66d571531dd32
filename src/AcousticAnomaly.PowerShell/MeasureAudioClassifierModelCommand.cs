using System.Management.Automation;
using AcousticAnomaly.Datasets;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Evaluates a classifier on a labelled folder: accuracy, per-class precision/recall/F1/support, averages, confusion matrix.</summary>
/// <remarks>
/// The folder holds one sub-folder per label (data/&lt;label&gt;/*.wav), the same layout training reads; a split
/// manifest CSV (Split-AudioDataset) is evaluated on its test rows. Every clip is
/// classified whole; the result is one report object (Accuracy, Classes, MacroAverage, WeightedAverage,
/// ConfusionMatrix rows = true label, columns = predicted). -PerClass emits the per-class rows and the two averages
/// instead, ready for Format-Table or Export-Csv. Unreadable clips and folders that are not model labels are reported
/// and left out. -ReportPath also writes an HTML report: confusion matrix, per-class table, a 2-D PCA scatter of the
/// clips' embeddings (the model's penultimate layer; features for a model without an "embedding" output) coloured by
/// label with the silhouette score, and the worst-classified clips with spectrograms. -ImageDirectory writes the
/// confusion matrix and the scatter as PNG pictures (confusion-matrix.png, scatter.png).
/// </remarks>
/// <example>
/// <code>Measure-AudioClassifierModel -Model states.onnx -Path test-data -PerClass | Format-Table</code>
/// <para>The classification report of states.onnx on test-data/&lt;label&gt;/*.wav.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "AudioClassifierModel", SupportsShouldProcess = true)]
[OutputType(typeof(ClassificationReport), typeof(ClassMetrics))]
public sealed class MeasureAudioClassifierModelCommand : PSCmdlet
{
    /// <summary>The classifier .onnx model: a path, a FileInfo, New-AudioClassifierModel's result or Get-AnomalyModel's object; piped models are measured one after another.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ModelArgumentTransformation]
    public string Model { get; set; } = "";

    /// <summary>The labelled folder (one sub-folder per label) or a split manifest CSV (its test side).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>Emit one row per class plus the macro and weighted averages instead of the report object.</summary>
    [Parameter]
    public SwitchParameter PerClass { get; set; }

    /// <summary>Also write a self-contained HTML report here (confusion matrix, per-class table, PCA scatter with the
    /// silhouette score, the worst-classified clips with spectrograms).</summary>
    [Parameter]
    public string? ReportPath { get; set; }

    /// <summary>Also write the confusion matrix and the PCA scatter as PNG pictures into this folder
    /// (confusion-matrix.png, scatter.png; the folder is created when missing).</summary>
    [Parameter]
    public string? ImageDirectory { get; set; }

    private readonly CancellationTokenSource _cancel = new();

    protected override void ProcessRecord()
    {
        var root = GetResolvedProviderPathFromPSPath(Path, out _).Single();
        var modelPath = GetUnresolvedProviderPathFromPSPath(Model);
        try
        {
            using var classifier = AudioClassifier.Load(modelPath);
            var files = LabelledDataSource.ForEvaluation(root);
            var (report, clips) = PipelineThreadPump.Run(post => ClassifierEvaluation.Evaluate(classifier, files,
                (file, error) => post(() => WriteError(new ErrorRecord(error, "ClipUnusable", ErrorCategory.InvalidData, file))),
                new PostingProgress<int>(post, n => WriteProgress(new ProgressRecord(1, "Measure-AudioClassifierModel", $"{n} of {files.Count} clips")
                {
                    PercentComplete = 100 * n / files.Count,
                })),
                _cancel.Token));
            WriteProgress(new ProgressRecord(1, "Measure-AudioClassifierModel", "Done") { RecordType = ProgressRecordType.Completed });
            WriteVerbose(Environment.NewLine + report.FormatConfusionMatrix());
            var reportPath = ReportPath is null ? null : GetUnresolvedProviderPathFromPSPath(ReportPath);
            if (reportPath is not null && !ShouldProcess(reportPath, "Write the classifier's HTML report")) reportPath = null;
            var imageDirectory = ImageDirectory is null ? null : GetUnresolvedProviderPathFromPSPath(ImageDirectory);
            if (imageDirectory is not null && !ShouldProcess(imageDirectory, "Write the confusion matrix and scatter as PNG")) imageDirectory = null;
            if (reportPath is not null || imageDirectory is not null)
            {
                foreach (var written in ClassifierReportBuilder.Save(reportPath, classifier, report, clips,
                    (file, error) => WriteError(new ErrorRecord(error, "ClipUnusable", ErrorCategory.InvalidData, file)), _cancel.Token, imageDirectory))
                    WriteVerbose($"Written: {written}");
            }
            if (!PerClass)
            {
                WriteObject(report);
                return;
            }
            foreach (var row in report.Classes) WriteObject(row);
            WriteObject(report.MacroAverage);
            WriteObject(report.WeightedAverage);
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is OnnxModelException or OnnxRuntimeException or IOException or ArgumentException or InvalidOperationException or InvalidDataException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "EvaluationFailed", ErrorCategory.InvalidOperation, modelPath));
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();
}
