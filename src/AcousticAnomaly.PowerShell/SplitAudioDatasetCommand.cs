using System.Management.Automation;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.PowerShell;

/// <summary>Splits a labelled dataset into train, validation and test: stratified by label, seeded, grouped.</summary>
/// <remarks>
/// Every label is divided in the shares -TrainFraction, -ValidationFraction and -TestFraction (default 0.8/0.1/0.1).
/// -GroupPattern is a regular expression on the file name whose group "group" (or first group) keeps related files -
/// one speaker, machine or source recording - on one side; Speech Commands' speakers: '^(?&lt;group&gt;[^_]+)_'.
/// The same -Seed and files give the same split. With -OutputDirectory the files are copied (whole or not at all) into
/// &lt;OutputDirectory&gt;/&lt;train|validation|test&gt;/&lt;label&gt;/ and a manifest.csv is written there; with
/// -ManifestPath only the manifest (Path, Label, Split, Group, SourcePath) is written. Emits one record per file, so
/// `| Where-Object Split -eq train | New-AudioAugmentation ...` augments the training side only.
/// </remarks>
/// <example>
/// <code>Split-AudioDataset data -OutputDirectory split -GroupPattern '^(?&lt;group&gt;[^_]+)_' -Seed 42</code>
/// <para>split/train/bed/..., split/validation/..., split/test/... and split/manifest.csv; no speaker on two sides.</para>
/// </example>
/// <example>
/// <code>Split-AudioDataset data -ManifestPath split.csv -TrainFraction 0.7 -ValidationFraction 0.15 -TestFraction 0.15</code>
/// <para>Leaves the files where they are and writes the split as a CSV.</para>
/// </example>
[Cmdlet(VerbsCommon.Split, "AudioDataset", SupportsShouldProcess = true)]
[OutputType(typeof(DatasetSplitEntry))]
public sealed class SplitAudioDatasetCommand : PSCmdlet
{
    /// <summary>The dataset folder, holding one sub-folder per label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>Copy the files into &lt;OutputDirectory&gt;/&lt;split&gt;/&lt;label&gt;/ and write manifest.csv there.</summary>
    [Parameter]
    public string? OutputDirectory { get; set; }

    /// <summary>Where to write the manifest CSV (default with -OutputDirectory: its manifest.csv).</summary>
    [Parameter]
    public string? ManifestPath { get; set; }

    /// <summary>Share of each label for training (default 0.8).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? TrainFraction { get; set; }

    /// <summary>Share of each label for validation (default 0.1).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? ValidationFraction { get; set; }

    /// <summary>Share of each label for testing (default 0.1).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? TestFraction { get; set; }

    /// <summary>Seed of the shuffle (default 0).</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>Regular expression on file names whose group "group" keeps files together (speaker, source recording).</summary>
    [Parameter]
    public string? GroupPattern { get; set; }

    /// <summary>Replace files that already exist in the output folders.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var root = GetUnresolvedProviderPathFromPSPath(Path);
        var output = OutputDirectory is null ? null : GetUnresolvedProviderPathFromPSPath(OutputDirectory);
        var manifest = ManifestPath is not null ? GetUnresolvedProviderPathFromPSPath(ManifestPath)
            : output is null ? null : System.IO.Path.Combine(output, DatasetSplitOptions.ManifestFileName);
        if (manifest is not null && !ShouldProcess(manifest, "Write split manifest")) manifest = null;
        var o = new DatasetSplitOptions { GroupPattern = GroupPattern, OutputDirectory = output, ManifestPath = manifest, Overwrite = Force };
        if (TrainFraction is double tr) o = o with { TrainFraction = tr };
        if (ValidationFraction is double va) o = o with { ValidationFraction = va };
        if (TestFraction is double te) o = o with { TestFraction = te };
        if (Seed is int s) o = o with { Seed = s };

        DatasetSplitter splitter;
        try
        {
            splitter = new DatasetSplitter(o);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidSplit", ErrorCategory.InvalidArgument, null));
            return;
        }
        IReadOnlyList<DatasetSplitEntry> entries;
        var failed = new List<(DatasetSplitEntry, IOException)>();
        try
        {
            entries = splitter.Split(root, e => ShouldProcess(e.Path, $"Copy {e.SourcePath} ({e.Split})"), (e, ex) => failed.Add((e, ex)));
        }
        catch (DirectoryNotFoundException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "DatasetNotFound", ErrorCategory.ObjectNotFound, root));
            return;
        }
        catch (IOException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ManifestNotWritten", ErrorCategory.WriteError, manifest));
            return;
        }
        foreach (var (entry, ex) in failed) WriteError(new ErrorRecord(ex, "FileNotCopied", ErrorCategory.WriteError, entry.SourcePath));
        WriteObject(entries, enumerateCollection: true);
    }
}
