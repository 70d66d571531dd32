namespace AcousticAnomaly.Training;

/// <summary>
/// The dataset layout supervised training reads: one sub-folder per label under a root, each holding that label's WAV
/// or FLAC clips (data/&lt;label&gt;/*.wav). Hidden folders and files (a leading dot) are skipped; labels are sorted
/// ordinally so the model's output order does not depend on the file system.
/// </summary>
public static class LabelledFolders
{
    private static readonly string[] AudioExtensions = [".wav", ".flac"];

    public static IReadOnlyList<LabelledAudioFile> Read(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: the dataset folder does not exist.");
        var result = new List<LabelledAudioFile>();
        foreach (var folder in Directory.GetDirectories(root).Where(d => !Hidden(d)).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal))
        {
            var label = Path.GetFileName(folder);
            result.AddRange(Directory.GetFiles(folder)
                .Where(f => !Hidden(f) && AudioExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new LabelledAudioFile(f, label)));
        }
        if (result.Count == 0) throw new InvalidOperationException($"{root}: no audio files in label sub-folders (expected {root}/<label>/*.wav).");
        return result;
    }

    private static bool Hidden(string path) => Path.GetFileName(path).StartsWith('.');
}
