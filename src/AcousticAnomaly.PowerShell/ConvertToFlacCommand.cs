using System.Management.Automation;
using AcousticAnomaly.Archive;

namespace AcousticAnomaly.PowerShell;

/// <summary>Archives WAV recordings as lossless FLAC (libFLAC), optionally joined per minute or hour.</summary>
/// <remarks>
/// Each WAV becomes a FLAC beside it (or in -OutputDirectory). With -GroupBy Minute or Hour, the segments whose start
/// times fall in one period are joined in start order into one FLAC named prefix_period.flac (for example
/// pump1_2026-11-22T10-15.flac). A segment's start time is the ISO timestamp in its file name (2026-11-22T10-15-30,
/// 20261122T101530, 2026-11-22T10:15:30Z, 2026-11-22_10-15-30), else its last-write time minus its duration. Segments
/// with different sample rate, channels or bit depth in one period are an error for that period only. A period is
/// written as soon as a segment of a later period arrives for the same recording, so
/// Start-AudioRecording ... | ConvertTo-Flac -GroupBy Hour archives each hour while the next is recorded. A FLAC appears
/// only when complete (written under a temp name, then renamed); an existing FLAC is kept unless -Force is given.
/// -RemoveSource deletes a WAV only after its FLAC decoded to identical samples. Float WAVs cannot be stored losslessly
/// and are reported as errors. Every failing file is a non-terminating error; the other files go on.
/// </remarks>
/// <example>
/// <code>Get-ChildItem rec/*.wav | ConvertTo-Flac -OutputDirectory archive</code>
/// <para>Converts every WAV in rec/ to a FLAC in archive/ and outputs one result per file.</para>
/// </example>
/// <example>
/// <code>ConvertTo-Flac rec/*.wav -GroupBy Hour -RemoveSource -WhatIf</code>
/// <para>Shows which hourly FLAC files would be written (and which WAVs removed) without touching anything.</para>
/// </example>
[Cmdlet(VerbsData.ConvertTo, "Flac", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[Alias("Convert-ToFlac")]
[OutputType(typeof(FlacArchiveResult))]
public sealed class ConvertToFlacCommand : FileInputCmdlet
{
    /// <summary>Folder for the FLAC files (created if missing); default: beside each source.</summary>
    [Parameter]
    public string? OutputDirectory { get; set; }

    /// <summary>0 (fastest) to 8 (smallest); the default is the flac CLI's.</summary>
    [Parameter]
    [ValidateRange(0, 8)]
    public int CompressionLevel { get; set; } = FlacArchiveOptions.Defaults.CompressionLevel;

    /// <summary>Overwrite existing FLAC files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Delete each WAV after its FLAC was verified sample-identical. Asks first, as a high-impact change does
    /// (answer Yes to All, or give -Confirm:$false in scripts and scheduled tasks).</summary>
    [Parameter]
    public SwitchParameter RemoveSource { get; set; }

    /// <summary>None (one FLAC per WAV), Minute or Hour.</summary>
    [Parameter]
    public FlacGroupBy GroupBy { get; set; } = FlacArchiveOptions.Defaults.GroupBy;

    /// <summary>Only WAV is converted: a folder stands for its *.wav files.</summary>
    protected override string[] FolderFilePatterns { get; } = { "*.wav" };

    private readonly CancellationTokenSource _cancel = new();
    private readonly List<string> _grouped = new();
    private FlacArchiver? _archiver;
    private int _done;
    private bool _removeYesToAll, _removeNoToAll;

    protected override void BeginProcessing()
    {
        _archiver = new FlacArchiver(new FlacArchiveOptions
        {
            OutputDirectory = this.ResolveOutputDirectory(OutputDirectory),
            CompressionLevel = CompressionLevel,
            Force = Force,
            RemoveSource = RemoveSource,
            GroupBy = GroupBy,
        });
    }

    protected override void ProcessRecord()
    {
        var files = ResolveInputFiles().ToList();
        if (GroupBy == FlacGroupBy.None)
        {
            Convert(_archiver!.Plan(files));
            return;
        }
        // A period is joined once a later segment of the same recording arrives, so piping Start-AudioRecording into
        // ConvertTo-Flac -GroupBy Hour archives each hour while the next is being recorded; the rest at the end.
        _grouped.AddRange(files);
        Convert(_archiver!.TakeCompletedGroups(_grouped));
    }

    protected override void EndProcessing()
    {
        if (GroupBy != FlacGroupBy.None) Convert(_archiver!.Plan(_grouped));
        WriteProgress(new ProgressRecord(1, "ConvertTo-Flac", "Done") { RecordType = ProgressRecordType.Completed });
    }

    protected override void StopProcessing() => _cancel.Cancel();

    private void Convert(IReadOnlyList<FlacArchiveJob> jobs)
    {
        var progress = new InlineProgress(p => WriteProgress(new ProgressRecord(1, "ConvertTo-Flac",
            $"{System.IO.Path.GetFileName(p.CurrentPath)} ({_done} written so far)")
        {
            CurrentOperation = p.CurrentPath,
            PercentComplete = (int)Math.Clamp(100.0 * (p.ItemIndex + (p.FramesTotal > 0 ? (double)p.FramesDone / p.FramesTotal : 0)) / Math.Max(1, p.ItemCount), 0, 100),
        }));

        for (int i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            if (job.Problem is not null)
            {
                WriteError(ToErrorRecord(job.Problem));
                continue;
            }
            string sources = string.Join(", ", job.Sources.Select(System.IO.Path.GetFileName));
            string action = RemoveSource ? $"Convert {sources} to FLAC and delete the source after verifying" : $"Convert {sources} to FLAC";
            if (!ShouldProcess(job.TargetPath, action) || !ConfirmRemoval(sources)) continue;
            try
            {
                WriteObject(_archiver!.Convert(job, _cancel.Token, progress, i, jobs.Count));
                _done++;
            }
            catch (FlacArchiveException ex)
            {
                WriteError(ToErrorRecord(ex));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }

    /// <summary>
    /// -RemoveSource deletes recordings, so it asks as a ConfirmImpact=High cmdlet would, while a plain conversion (which
    /// deletes nothing) does not: no question after -Confirm (ShouldProcess already asked), -Confirm:$false or
    /// $ConfirmPreference = 'None'.
    /// </summary>
    private bool ConfirmRemoval(string sources)
    {
        if (!RemoveSource || MyInvocation.BoundParameters.ContainsKey("Confirm")
            || GetVariableValue("ConfirmPreference") is ConfirmImpact.None)
        {
            return true;
        }
        return ShouldContinue($"Delete {sources} once its FLAC is verified?", "ConvertTo-Flac -RemoveSource",
            ref _removeYesToAll, ref _removeNoToAll);
    }

    private static ErrorRecord ToErrorRecord(FlacArchiveException ex)
    {
        var (id, category) = ex.Kind switch
        {
            FlacArchiveErrorKind.NotFound => ("FlacSourceNotFound", ErrorCategory.ObjectNotFound),
            FlacArchiveErrorKind.TargetExists => ("FlacTargetExists", ErrorCategory.ResourceExists),
            FlacArchiveErrorKind.InvalidFormat => ("FlacUnsupportedFormat", ErrorCategory.InvalidData),
            FlacArchiveErrorKind.WriteError => ("FlacWriteFailed", ErrorCategory.WriteError),
            FlacArchiveErrorKind.SourceIsTarget => ("FlacSourceIsTarget", ErrorCategory.InvalidOperation),
            _ => ("FlacInvalidData", ErrorCategory.InvalidData),
        };
        object target = ex.SourcePath.Length == 1 ? ex.SourcePath[0] : (object?)ex.TargetPath ?? ex.SourcePath;
        var record = new ErrorRecord(ex, id, category, target);
        if (ex.Kind == FlacArchiveErrorKind.TargetExists && File.Exists(ex.TargetPath))
        {
            record.ErrorDetails = new ErrorDetails($"{ex.Message}; use -Force to replace it.");
        }
        return record;
    }

    /// <summary>Reports synchronously: the archiver runs on the pipeline thread, the only thread allowed to WriteProgress.</summary>
    private sealed class InlineProgress(Action<FlacArchiveProgress> report) : IProgress<FlacArchiveProgress>
    {
        public void Report(FlacArchiveProgress value) => report(value);
    }
}
