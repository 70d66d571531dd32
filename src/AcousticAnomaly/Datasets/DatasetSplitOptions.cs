namespace AcousticAnomaly.Datasets;

/// <summary>How <see cref="DatasetSplitter"/> divides a labelled dataset into train / validation / test.</summary>
public sealed record DatasetSplitOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static DatasetSplitOptions Defaults { get; } = new();

    /// <summary>Share of each label for training. Default 0.8.</summary>
    public double TrainFraction { get; init; } = 0.8;

    /// <summary>Share of each label for validation. Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Share of each label for testing. Default 0.1.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Seed of the shuffle: the same seed and files give the same split. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Regular expression on the file name whose named group <c>group</c> (or else first group, or else whole match) is
    /// the group key: files of one group (speaker, recording, source file) never land on two sides. Null: every file is
    /// its own group. Speech Commands' speakers: <c>^(?&lt;group&gt;[^_]+)_</c>.
    /// </summary>
    public string? GroupPattern { get; init; }

    /// <summary>Copy the files into <c>&lt;OutputDirectory&gt;/&lt;split&gt;/&lt;label&gt;/</c>; null copies nothing.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Write the manifest CSV (Path, Label, Split, Group) here; null writes none.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>The manifest's name in the output folder when no manifest path is given.</summary>
    public const string ManifestFileName = "manifest.csv";

    /// <summary>Replace files that already exist in the output folders.</summary>
    public bool Overwrite { get; init; }

    internal double[] Fractions()
    {
        double[] f = [TrainFraction, ValidationFraction, TestFraction];
        if (f.Any(x => x < 0 || double.IsNaN(x))) throw new ArgumentOutOfRangeException(nameof(TrainFraction), "Split fractions cannot be negative.");
        double sum = f.Sum();
        if (sum <= 0) throw new ArgumentOutOfRangeException(nameof(TrainFraction), "At least one split fraction must be positive.");
        return f.Select(x => x / sum).ToArray();
    }
}
