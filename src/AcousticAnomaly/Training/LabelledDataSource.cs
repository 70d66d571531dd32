using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Training;

/// <summary>
/// Where classifier training and evaluation read labelled clips from: a dataset root (one sub-folder per label) or the
/// split manifest CSV Split-AudioDataset writes (Path, Label, Split = train / validation / test, ...). Training takes a
/// manifest's train side and its validation side for early stopping; evaluation takes its test side.
/// </summary>
public static class LabelledDataSource
{
    /// <summary>A path naming a file (rather than a folder) is a split manifest.</summary>
    public static bool IsManifest(string path) => File.Exists(path);

    /// <summary>Training clips and, from a manifest with a validation side, the clips early stopping watches (null = none
    /// given: the trainer holds out its own share).</summary>
    public static (IReadOnlyList<LabelledAudioFile> Train, IReadOnlyList<LabelledAudioFile>? Validation) ForTraining(string path)
    {
        if (!IsManifest(path)) return (LabelledFolders.Read(path), null);
        var train = Side(path, DatasetSplitNames.Train);
        if (train.Count == 0) throw new InvalidOperationException($"{path}: the manifest has no '{DatasetSplitNames.Train}' rows to train on.");
        var validation = Side(path, DatasetSplitNames.Validation);
        return (train, validation.Count > 0 ? validation : null);
    }

    /// <summary>The clips to evaluate on: a folder's clips, or a manifest's test side.</summary>
    public static IReadOnlyList<LabelledAudioFile> ForEvaluation(string path)
    {
        if (!IsManifest(path)) return LabelledFolders.Read(path);
        var test = Side(path, DatasetSplitNames.Test);
        return test.Count > 0 ? test : throw new InvalidOperationException($"{path}: the manifest has no '{DatasetSplitNames.Test}' rows to evaluate on.");
    }

    /// <summary>One side of a manifest, in file order (relative paths resolve against the manifest's folder).</summary>
    public static IReadOnlyList<LabelledAudioFile> Side(string manifestPath, string split)
    {
        var rows = ManifestCsv.Read(manifestPath);
        if (rows.Count > 0)
            foreach (var column in new[] { nameof(DatasetSplitEntry.Path), nameof(DatasetSplitEntry.Label), nameof(DatasetSplitEntry.Split) })
                if (!rows[0].ContainsKey(column)) throw new InvalidDataException($"{manifestPath}: not a split manifest (no '{column}' column).");
        return rows.Where(r => string.Equals(r[nameof(DatasetSplitEntry.Split)], split, StringComparison.OrdinalIgnoreCase))
            .Select(r => new LabelledAudioFile(r[nameof(DatasetSplitEntry.Path)], r[nameof(DatasetSplitEntry.Label)]))
            .ToArray();
    }
}
