using System.Management.Automation;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.PowerShell;

/// <summary>Classifies audio files (whole, or in segments) with a classifier model: Label, Probability and every class's probability.</summary>
/// <remarks>
/// Works with models from New-AudioClassifierModel (labels and feature settings come from the model) and with foreign
/// classifiers taking feature rows, given -Labels and the feature settings they were trained with. Each result carries
/// Path, Offset (seconds), Label, Probability, InferenceMs (features + model) and one P_&lt;label&gt; property per
/// class, so it pipes straight to Export-Csv.
/// </remarks>
/// <example>
/// <code>Get-ChildItem clips/*.wav | Invoke-AudioClassification -Model states.onnx | Export-Csv states.csv</code>
/// <para>One row per clip with the predicted label and every class's probability.</para>
/// </example>
/// <example>
/// <code>Invoke-AudioClassification long.wav -Model states.onnx -SegmentDuration 1</code>
/// <para>One result per second of long.wav.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Invoke, "AudioClassification", DefaultParameterSetName = "Path")]
[OutputType(typeof(ClassificationResult))]
public sealed class InvokeAudioClassificationCommand : FileInputCmdlet
{
    /// <summary>The classifier .onnx model.</summary>
    [Parameter(Mandatory = true)]
    [ModelArgumentTransformation]
    public string Model { get; set; } = "";

    /// <summary>Classify in consecutive segments of this many seconds (or a TimeSpan), one result each.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? SegmentDuration { get; set; }

    /// <summary>Labels of a foreign model in output order: a list, or the path of a text file with one label per line.</summary>
    [Parameter]
    public string[]? Labels { get; set; }

    /// <summary>Feature set of a foreign model (ours carry their own settings).</summary>
    [Parameter]
    public FeatureSet? FeatureSet { get; set; }

    /// <summary>Analysis sample rate of a foreign model.</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int? SampleRate { get; set; }

    /// <summary>The model made elsewhere takes mono samples [N, samples] (YAMNet-style) at -SampleRate, not feature
    /// rows; -SegmentDuration sets the chunk (a model with a fixed input length pads or truncates each chunk to it).</summary>
    [Parameter]
    public SwitchParameter RawAudio { get; set; }

    private AudioClassifier? _classifier;

    protected override void BeginProcessing()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Model);
        try
        {
            var features = FeatureSet is null && SampleRate is null ? null : FeatureSettings.Create(FeatureSet, SampleRate);
            _classifier = AudioClassifier.Load(path, ClassifierLabels.Resolve(Labels, p => GetUnresolvedProviderPathFromPSPath(p)), features, rawAudio: RawAudio);
        }
        catch (Exception e) when (e is OnnxModelException or OnnxRuntimeException or ArgumentException or IOException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ModelUnusable", ErrorCategory.InvalidArgument, path));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveInputFiles())
        {
            try
            {
                foreach (var result in _classifier!.Classify(file, SegmentDuration?.TotalSeconds)) WriteObject(WithClassColumns(result));
            }
            catch (Exception e) when (e is AudioFileException or ArgumentException or IOException)
            {
                WriteError(new ErrorRecord(e, "AudioFileUnreadable", ErrorCategory.InvalidData, file));
            }
        }
    }

    /// <summary>The result with one P_&lt;label&gt; note property per class (columns for Export-Csv).</summary>
    internal static PSObject WithClassColumns(ClassificationResult result)
    {
        var o = PSObject.AsPSObject(result);
        foreach (var (label, p) in result.Probabilities) o.Properties.Add(new PSNoteProperty(ClassifierLabels.Column(label), p));
        return o;
    }

    protected override void EndProcessing() => _classifier?.Dispose();
}
