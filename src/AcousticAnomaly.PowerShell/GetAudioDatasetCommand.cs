using System.Management.Automation;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.PowerShell;

/// <summary>Summarises a labelled dataset: one folder per label, as Keras and PyTorch lay it out.</summary>
/// <remarks>
/// Reads only the headers of the WAV and FLAC files under each label folder (root/&lt;label&gt;/**), so thousands of
/// clips take seconds. Emits one record per label - Count, TotalDuration, MinDuration, MeanDuration, MaxDuration,
/// LongestClip, SampleRates, Channels, Unreadable (and UnreadableFiles), Hidden - and a last record with Label "*" over
/// the whole dataset, whose LongestClip and MaxDuration size a fixed model input.
/// </remarks>
/// <example>
/// <code>Get-AudioDataset data | Format-Table Label, Count, MeanDuration, MaxDuration, SampleRates</code>
/// <para>How many clips each label has, how long they are, and whether the sample rates agree.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "AudioDataset")]
[OutputType(typeof(DatasetLabelSummary))]
public sealed class GetAudioDatasetCommand : PSCmdlet
{
    /// <summary>The dataset folder, holding one sub-folder per label.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        var root = GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            WriteObject(new DatasetScanner().Scan(root), enumerateCollection: true);
        }
        catch (DirectoryNotFoundException e)
        {
            WriteError(new ErrorRecord(e, "DatasetNotFound", ErrorCategory.ObjectNotFound, root));
        }
    }
}
