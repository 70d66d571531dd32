namespace AcousticAnomaly.Datasets;

/// <summary>The side of a split a file is on.</summary>
public static class DatasetSplitNames
{
    public const string Train = "train";
    public const string Validation = "validation";
    public const string Test = "test";
    public static IReadOnlyList<string> All { get; } = [Train, Validation, Test];
}

/// <summary>One file's place in a split (one row of Split-AudioDataset and of its manifest CSV).</summary>
/// <param name="Path">The file (the copy when files were copied into split folders).</param>
/// <param name="Label">Its label.</param>
/// <param name="Split">train, validation or test.</param>
/// <param name="Group">The group key that kept related files together.</param>
/// <param name="SourcePath">The original file.</param>
public sealed record DatasetSplitEntry(string Path, string Label, string Split, string Group, string SourcePath);
