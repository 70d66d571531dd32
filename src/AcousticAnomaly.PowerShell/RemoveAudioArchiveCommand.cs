using System.Globalization;
using System.Management.Automation;
using AcousticAnomaly.Archive;

namespace AcousticAnomaly.PowerShell;

/// <summary>Holds archive folders to a disk budget: deletes archived FLAC audio, oldest first.</summary>
/// <remarks>
/// FLAC files older than -KeepFor (by the start time in their names, else their last-write time) are deleted, then the
/// oldest FLAC files while all audio in the folders (FLAC and WAV) takes more than -MaxSize. WAVs are never deleted -
/// they are not archived yet - and if they alone break the budget a warning says so. Evidence clips
/// (Watch-AnomalyStream -SaveAnomalies folders, which carry a marker file) are kept unless -IncludeEvidence is given.
/// Hidden temp files of an archive in progress are not touched. Asks before deleting (ConfirmImpact High): give
/// -Confirm:$false in a scheduled task, -WhatIf to see what would go. Outputs one object per deleted file.
/// </remarks>
/// <example>
/// <code>Remove-AudioArchive ./recordings -KeepFor 30d -MaxSize 20GB -Confirm:$false</code>
/// <para>Keeps 30 days of archived audio and at most 20 GB, deleting the oldest FLAC files first (a nightly task).</para>
/// </example>
/// <example>
/// <code>Remove-AudioArchive ./recordings -MaxSize 500MB -Recurse -WhatIf</code>
/// <para>Shows which FLAC files would be deleted to bring the folder tree under 500 MB.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "AudioArchive", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RetentionItem))]
public sealed class RemoveAudioArchiveCommand : PSCmdlet
{
    /// <summary>Archive folders; their budget is counted together.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Age limit: 30d (days), '12h', '2w', a TimeSpan, or plain seconds.</summary>
    [Parameter]
    [AgeTransformation]
    public TimeSpan? KeepFor { get; set; }

    /// <summary>Size limit in bytes for all audio in the folders (20GB works as PowerShell reads it).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? MaxSize { get; set; }

    /// <summary>Also delete evidence clips (folders written by Watch-AnomalyStream -SaveAnomalies).</summary>
    [Parameter]
    public SwitchParameter IncludeEvidence { get; set; }

    /// <summary>Search subfolders too.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    private readonly List<string> _folders = new();

    protected override void ProcessRecord()
    {
        foreach (var p in Path) _folders.Add(GetUnresolvedProviderPathFromPSPath(p));
    }

    protected override void EndProcessing()
    {
        ArchiveRetention retention;
        RetentionPlan plan;
        try
        {
            retention = new ArchiveRetention(new RetentionOptions
            {
                KeepFor = KeepFor,
                MaxSize = MaxSize,
                IncludeEvidence = IncludeEvidence,
                Recurse = Recurse,
            });
            plan = retention.Plan(_folders);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "RetentionInvalidBudget", ErrorCategory.InvalidArgument, null));
            return;
        }
        catch (DirectoryNotFoundException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "RetentionFolderNotFound", ErrorCategory.ObjectNotFound, _folders));
            return;
        }
        if (plan.Warning is { } warning) WriteWarning(warning);
        foreach (var item in plan.Items)
        {
            string why = item.Reason == RetentionReason.Age ? $"older than {KeepFor}" : $"oldest while over {MaxSize} bytes";
            if (!ShouldProcess(item.Path, $"Delete archived audio from {item.Start.ToString("u", CultureInfo.InvariantCulture)} ({why})")) continue;
            try
            {
                WriteObject(ArchiveRetention.Remove(item));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "RetentionDeleteFailed", ErrorCategory.WriteError, item.Path));
            }
        }
    }

    /// <summary>Lets -KeepFor take 30d, '12h' or '2w' besides what SecondsTransformation accepts. PowerShell reads a bare
    /// 30d as the decimal literal 30, so a decimal counts days here: taken as seconds it would delete nearly everything.</summary>
    private sealed class AgeTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (value is decimal days) return TimeSpan.FromDays((double)days);
            if (value is string s && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && RetentionUnits.TryParseAge(s, out var age))
            {
                return age;
            }
            return new SecondsTransformationAttribute().Transform(engineIntrinsics, inputData);
        }
    }
}
