using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Datasets;

/// <summary>What <see cref="Augmenter"/> makes and where it goes.</summary>
public sealed record AugmentationOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static AugmentationOptions Defaults { get; } = new();

    /// <summary>One new clip per recipe per source clip.</summary>
    public IReadOnlyList<AugmentationRecipe> Recipes { get; init; } = [];

    /// <summary>Seed of every random draw: the same seed, file names and recipes give the same clips. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Clips go to <c>&lt;OutputDirectory&gt;/&lt;label&gt;/</c> (or straight into it when a clip has no label).</summary>
    public string OutputDirectory { get; init; } = ".";

    /// <summary>Sample format of the new clips; null keeps the source's (16/24-bit PCM, else 32-bit float).</summary>
    public WavSampleFormat? SampleFormat { get; init; }

    /// <summary>The manifest's name in the output folder when no manifest path is given.</summary>
    public const string ManifestFileName = "augmentations.csv";

    /// <summary>Replace clips that already exist.</summary>
    public bool Overwrite { get; init; }
}

/// <summary>A clip to augment.</summary>
/// <param name="Path">The source clip.</param>
/// <param name="Label">Its label ("" for none).</param>
/// <param name="Split">Its side of a split (augmentations belong on "train").</param>
/// <param name="Group">Its group key, kept so augmented copies stay with their speaker or recording.</param>
public sealed record AugmentationInput(string Path, string Label = "", string Split = "", string Group = "");

/// <summary>One augmented clip (one row of New-AudioAugmentation and of its manifest).</summary>
/// <param name="Path">The new clip.</param>
/// <param name="Label">Label of the source.</param>
/// <param name="Split">Split of the source (train when it came from a split manifest).</param>
/// <param name="Group">Group of the source.</param>
/// <param name="SourcePath">The clip it was made from.</param>
/// <param name="Augmentation">The recipe with every parameter, as in the file name.</param>
/// <param name="Seed">The seed drawn from for this clip.</param>
/// <param name="Duration">Length of the new clip in seconds.</param>
// Seconds as double: Export-Csv and ConvertTo-Json print a TimeSpan as text or a nested object (issue 9).
public sealed record AugmentationResult(string Path, string Label, string Split, string Group, string SourcePath,
    string Augmentation, int Seed, double Duration);
