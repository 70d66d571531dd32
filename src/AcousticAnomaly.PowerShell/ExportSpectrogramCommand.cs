using System.Management.Automation;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Plots;

namespace AcousticAnomaly.PowerShell;

/// <summary>Saves the log-mel spectrogram of each audio file as a PNG picture.</summary>
/// <remarks>
/// Reads WAV or FLAC files, computes the log-mel spectrogram (the DCASE baseline's settings by default, or those a
/// model was trained with when -Model is given) and saves it as &lt;name&gt;.png beside the audio file or in
/// -OutputDirectory: time left to right (one pixel per frame), low frequencies at the bottom (one pixel per mel band),
/// viridis colours over the top 80 dB - the same pictures Measure-AnomalyModel puts in its report. -SampleRate and
/// -Channel apply when there is no model or the model carries no feature settings. An existing PNG is kept (an error
/// for that file) unless -Force is given. Files that cannot be read are non-terminating errors; the rest go on.
/// Emits one record per picture with Path, SourcePath, Width and Height.
/// </remarks>
/// <example>
/// <code>Get-ChildItem abnormal/*.wav | Export-Spectrogram -OutputDirectory pictures</code>
/// <para>Writes pictures/&lt;name&gt;.png for every WAV in abnormal/.</para>
/// </example>
/// <example>
/// <code>Export-Spectrogram clip.flac -Model models/valve.onnx -Force | Invoke-Item</code>
/// <para>Shows what the valve model hears in clip.flac, replacing an earlier picture, and opens it.</para>
/// </example>
[Cmdlet(VerbsData.Export, "Spectrogram", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(SpectrogramExportResult))]
public sealed class ExportSpectrogramCommand : FileInputCmdlet
{
    /// <summary>Use the feature settings stored in this model (a path or a model object from New-IsolationForestModel).</summary>
    [Parameter]
    public string? Model { get; set; }

    /// <summary>Folder for the PNG files (created if missing); by default each goes beside its audio file.</summary>
    [Parameter]
    public string? OutputDirectory { get; set; }

    /// <summary>Analysis sample rate in Hz (default 16000) when no model settings apply.</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int? SampleRate { get; set; }

    /// <summary>Zero-based channel to show when no model settings apply; -1 (default) averages all channels.</summary>
    [Parameter]
    [ValidateRange(-1, 255)]
    public int? Channel { get; set; }

    /// <summary>Replace existing PNG files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private SpectrogramExporter? _exporter;

    protected override void BeginProcessing()
    {
        var model = Model is null ? null : GetUnresolvedProviderPathFromPSPath(Model);
        try
        {
            _exporter = new SpectrogramExporter(new SpectrogramExportOptions(
                Features: FeatureSettings.Create(null, SampleRate, Channel),
                ModelPath: model,
                OutputDirectory: this.ResolveOutputDirectory(OutputDirectory),
                Overwrite: Force));
        }
        catch (Exception e) when (e is OnnxModelException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ModelUnusable", ErrorCategory.InvalidArgument, model));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveInputFiles())
        {
            var target = _exporter!.TargetPath(file);
            if (!ShouldProcess(target, $"Write spectrogram of {System.IO.Path.GetFileName(file)}")) continue;
            WriteProgress(new ProgressRecord(1, "Export-Spectrogram", $"Rendering {System.IO.Path.GetFileName(file)}"));
            try
            {
                WriteObject(_exporter.Export(file));
            }
            catch (AudioFileException e)
            {
                WriteError(new ErrorRecord(e, "AudioFileUnreadable", ErrorCategory.InvalidData, file));
            }
            catch (TargetExistsException e)
            {
                WriteError(ParameterChecks.TargetExists(e, "SpectrogramExists", e.Path));
            }
            catch (IOException e)
            {
                WriteError(new ErrorRecord(e, "SpectrogramNotWritten", ErrorCategory.WriteError, target));
            }
        }
    }

    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(1, "Export-Spectrogram", "Done") { RecordType = ProgressRecordType.Completed });
}
