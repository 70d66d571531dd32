using System.Management.Automation;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.PowerShell;

/// <summary>Scores audio files with an anomaly model: one result per clip (or per segment) with Score, Threshold and IsAnomaly.</summary>
/// <remarks>
/// Reads WAV or FLAC files, repeats the model's feature extraction (channel rule, resampling, log-mel) and scores every
/// feature vector with ONNX Runtime; the clip Score is the mean (higher = more anomalous) and IsAnomaly is
/// Score &gt; Threshold. Works with models from New-IsolationForestModel and with scikit-learn (skl2onnx) or PyTorch
/// exports; for those, which carry no feature settings, give -FeatureSet/-SampleRate/-Channel and, for an
/// autoencoder, -Threshold. A file that cannot be scored is a non-terminating error and the rest go on; a missing or
/// unusable model stops the command. Pipe to Export-Csv for a predictions table.
/// </remarks>
/// <example>
/// <code>Get-ChildItem test/*.wav | Invoke-AnomalyPrediction -Model models/pump.onnx | Export-Csv predictions.csv</code>
/// <para>Scores every clip and saves file, score and anomaly/normal label.</para>
/// </example>
/// <example>
/// <code>Invoke-AnomalyPrediction long.flac -Model pump.onnx -SegmentDuration 10 | Where-Object IsAnomaly</code>
/// <para>Scores a long recording in 10-second segments and keeps the anomalous ones.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Invoke, "AnomalyPrediction", DefaultParameterSetName = "Path")]
[OutputType(typeof(PredictionResult))]
public sealed class InvokeAnomalyPredictionCommand : FileInputCmdlet
{
    /// <summary>The .onnx model: a path or a model object from New-IsolationForestModel.</summary>
    [Parameter(Mandatory = true)]
    [ModelArgumentTransformation]
    public string Model { get; set; } = "";

    /// <summary>Replaces the model's threshold (Score units, higher = more anomalous).</summary>
    [Parameter]
    public double? Threshold { get; set; }

    /// <summary>Score long files in consecutive segments of this many seconds (or a TimeSpan), one result each.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? SegmentDuration { get; set; }

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

    private readonly CancellationTokenSource _cancel = new();
    private AnomalyModel? _model;
    private Predictor? _predictor;
    private int _files;

    protected override void BeginProcessing()
    {
        this.RequirePositive(("SegmentDuration", SegmentDuration));
        var path = GetUnresolvedProviderPathFromPSPath(Model);
        try
        {
            _model = AnomalyModel.Load(path, new ModelOverrides(FeatureOverrides(), Threshold));
            _predictor = new Predictor(_model, new PredictionOptions(SegmentDuration));
            WriteVerbose($"Model {_model.Name}: {_model.Algorithm}, threshold {_model.Threshold:G6} ({(Threshold is null ? _model.Metadata?.ThresholdMethod ?? "stored" : "-Threshold")}); features {Models.ModelDescription.Describe(_model.FeatureSettings)}.");
        }
        catch (Exception e) when (e is OnnxModelException or OnnxRuntimeException or ArgumentException)
        {
            _model?.Dispose();
            ThrowTerminatingError(new ErrorRecord(e, "ModelUnusable", ErrorCategory.InvalidArgument, path));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveInputFiles())
        {
            WriteProgress(new ProgressRecord(1, "Invoke-AnomalyPrediction", $"Scoring {System.IO.Path.GetFileName(file)}")
            {
                CurrentOperation = $"{_files} file(s) scored",
            });
            WriteVerbose($"Scoring {file}");
            try
            {
                foreach (var result in _predictor!.Predict(file, _cancel.Token)) WriteObject(result);
            }
            catch (AudioFileException e)
            {
                WriteError(new ErrorRecord(e, "AudioFileUnreadable", ErrorCategory.InvalidData, file));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            _files++;
        }
    }

    protected override void EndProcessing()
    {
        WriteProgress(new ProgressRecord(1, "Invoke-AnomalyPrediction", "Done") { RecordType = ProgressRecordType.Completed });
        _model?.Dispose();
    }

    protected override void StopProcessing() => _cancel.Cancel();

    private FeatureSettings? FeatureOverrides() =>
        FeatureSet is null && SampleRate is null && Channel is null ? null : FeatureSettings.Create(FeatureSet, SampleRate, Channel);
}
