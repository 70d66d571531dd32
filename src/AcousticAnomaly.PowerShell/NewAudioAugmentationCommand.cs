using System.Management.Automation;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.PowerShell;

/// <summary>Makes augmented copies of labelled clips - for the training side of a split - and a manifest of them.</summary>
/// <remarks>
/// -Augmentation takes recipes such as noise:snr=10, reverse, compress:threshold=-20,ratio=4, stretch:factor=1.1,
/// eq:freq=1000,gain=6,q=1, clip:level=0.5, gain:db=-6, silence:duration=0.25, freqmask:width=500; chain steps with
/// '+' (gain:db=-6+noise:snr=15). Each recipe gives one new WAV per clip, in &lt;OutputDirectory&gt;/&lt;label&gt;/,
/// named &lt;clip&gt;__&lt;recipe with every parameter&gt;[_s&lt;seed&gt;].wav. Every random draw comes from -Seed, the
/// file name and the recipe, so a run repeats exactly. Clips come from the pipeline (Split-AudioDataset's records bind
/// Path, Label, Split and Group) or from a split manifest (-Manifest, whose train rows are used unless -Split says
/// otherwise). The manifest of the new clips (Path, Label, Split, Group, SourcePath, Augmentation, Seed, Duration) goes to
/// -ManifestPath or &lt;OutputDirectory&gt;/augmentations.csv.
/// </remarks>
/// <example>
/// <code>New-AudioAugmentation -Manifest split/manifest.csv -Augmentation 'noise:snr=10','stretch:factor=0.9','reverse' -OutputDirectory split/train-augmented</code>
/// <para>Three new clips for every training clip; validation and test stay untouched.</para>
/// </example>
/// <example>
/// <code>Split-AudioDataset data -OutputDirectory split | Where-Object { $_.Split -eq 'train' -and $_.Label -eq 'snap' } | New-AudioAugmentation -Augmentation 'gain:db=-6+noise:snr=20' -OutputDirectory aug -Seed 1</code>
/// <para>Augments only the rarer class of the training side.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "AudioAugmentation", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(AugmentationResult))]
public sealed class NewAudioAugmentationCommand : FileInputCmdlet
{
    /// <summary>A split manifest CSV (from Split-AudioDataset); its rows of -Split are augmented.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Manifest")]
    public string Manifest { get; set; } = "";

    /// <summary>With -Manifest: the side to augment (default train). From the pipeline: the clip's side, for the manifest.</summary>
    [Parameter(ParameterSetName = "Manifest")]
    [Parameter(ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = "LiteralPath", ValueFromPipelineByPropertyName = true)]
    public string? Split { get; set; }

    /// <summary>Augmentation recipes; each makes one new clip per input clip.</summary>
    [Parameter(Mandatory = true)]
    public string[] Augmentation { get; set; } = [];

    /// <summary>Folder for the new clips (one sub-folder per label).</summary>
    [Parameter(Mandatory = true)]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Where to write the manifest of the new clips (default &lt;OutputDirectory&gt;/augmentations.csv).</summary>
    [Parameter]
    public string? ManifestPath { get; set; }

    /// <summary>Seed of every random draw (default 0).</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>The label of clips given by path (from Split-AudioDataset's records by property name).</summary>
    [Parameter(ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = "LiteralPath", ValueFromPipelineByPropertyName = true)]
    public string Label { get; set; } = "";

    /// <summary>The group of clips given by path, carried into the manifest.</summary>
    [Parameter(ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = "LiteralPath", ValueFromPipelineByPropertyName = true)]
    public string Group { get; set; } = "";

    /// <summary>Replace clips that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private Augmenter? _augmenter;
    private readonly List<AugmentationResult> _results = new();

    protected override void BeginProcessing()
    {
        try
        {
            var o = new AugmentationOptions
            {
                Recipes = Augmentation.Select(AugmentationRecipe.Parse).ToList(),
                OutputDirectory = GetUnresolvedProviderPathFromPSPath(OutputDirectory), Overwrite = Force,
            };
            if (Seed is int s) o = o with { Seed = s };
            _augmenter = new Augmenter(o);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidAugmentation", ErrorCategory.InvalidArgument, Augmentation));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Manifest") return;
        foreach (var file in ResolveInputFiles()) Run(new AugmentationInput(file, Label, Split ?? "", Group));
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == "Manifest")
        {
            var path = GetUnresolvedProviderPathFromPSPath(Manifest);
            IReadOnlyList<AugmentationInput> inputs;
            try
            {
                inputs = Augmenter.FromManifest(path, Split ?? DatasetSplitNames.Train);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                ThrowTerminatingError(new ErrorRecord(e, "ManifestUnreadable", ErrorCategory.ReadError, path));
                return;
            }
            foreach (var input in inputs) Run(input);
        }
        if (_results.Count == 0) return;
        var manifest = ManifestPath is null
            ? System.IO.Path.Combine(_augmenter!.Options.OutputDirectory, AugmentationOptions.ManifestFileName)
            : GetUnresolvedProviderPathFromPSPath(ManifestPath);
        if (!ShouldProcess(manifest, "Write augmentation manifest")) return;
        try
        {
            ManifestCsv.Write(manifest, _results);
        }
        catch (IOException e)
        {
            WriteError(new ErrorRecord(e, "ManifestNotWritten", ErrorCategory.WriteError, manifest));
        }
    }

    private void Run(AugmentationInput input)
    {
        WriteProgress(new ProgressRecord(1, "New-AudioAugmentation", $"Augmenting {System.IO.Path.GetFileName(input.Path)}"));
        try
        {
            foreach (var result in _augmenter!.Augment(input, target => ShouldProcess(target, $"Write augmented copy of {input.Path}")))
            {
                _results.Add(result);
                WriteObject(result);
            }
        }
        catch (AudioFileException e)
        {
            WriteError(new ErrorRecord(e, "AudioFileUnreadable", ErrorCategory.InvalidData, input.Path));
        }
        catch (IOException e)
        {
            WriteError(new ErrorRecord(e, "AugmentationNotWritten", ErrorCategory.WriteError, input.Path));
        }
    }
}
