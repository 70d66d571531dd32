namespace AcousticAnomaly.Datasets;

/// <summary>One audio file of a labelled dataset and the label its folder gives it.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Label">The name of the label folder directly under the dataset root.</param>
public sealed record LabelledFile(string Path, string Label);

/// <summary>
/// The dataset layout Keras' <c>audio_dataset_from_directory</c> and torchaudio users know: <c>root/&lt;label&gt;/**/*.wav</c>.
/// Hidden files and folders (a leading dot, or the Hidden attribute) are never data: editors and operating systems
/// leave them behind (<c>.DS_Store</c>, <c>._clip.wav</c>), so they are counted and skipped, not read.
/// </summary>
public static class DatasetFiles
{
    /// <summary>File extensions read as audio (content decides the format; see <see cref="Audio.AudioFile"/>).</summary>
    public static IReadOnlyList<string> AudioExtensions { get; } = [".wav", ".flac"];

    public static bool IsAudio(string path) =>
        AudioExtensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    public static bool IsHidden(string path)
    {
        if (System.IO.Path.GetFileName(path).StartsWith('.')) return true;
        // On Unix the Hidden attribute is the leading dot itself; asking again would stat every file of a scan.
        if (!OperatingSystem.IsWindows()) return false;
        try
        {
            return (File.GetAttributes(path) & FileAttributes.Hidden) != 0;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>The label folders under <paramref name="root"/> (hidden ones left out), in ordinal name order.</summary>
    public static IReadOnlyList<string> LabelFolders(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: dataset folder not found.");
        return Directory.EnumerateDirectories(root).Where(d => !IsHidden(d))
            .OrderBy(d => System.IO.Path.GetFileName(d), StringComparer.Ordinal).ToList();
    }

    /// <summary>Every non-hidden file below one label folder (any depth, hidden sub-folders skipped), in ordinal order.</summary>
    public static IEnumerable<string> FilesBelow(string folder, Action<string>? onHidden = null)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 };
        var stack = new Stack<string>();
        stack.Push(folder);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            foreach (var file in Directory.EnumerateFiles(dir, "*", options).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (IsHidden(file)) onHidden?.Invoke(file);
                else yield return file;
            }
            foreach (var sub in Directory.EnumerateDirectories(dir, "*", options)
                         .OrderByDescending(d => d, StringComparer.Ordinal).Where(d => !IsHidden(d)))
                stack.Push(sub);
        }
    }

    /// <summary>The audio files of a dataset root with their labels; hidden and non-audio files are left out.</summary>
    public static IEnumerable<LabelledFile> Enumerate(string root) =>
        LabelFolders(root).SelectMany(folder => FilesBelow(folder).Where(IsAudio)
            .Select(f => new LabelledFile(f, System.IO.Path.GetFileName(folder))));
}
