namespace AcousticAnomaly.IO;

/// <summary>
/// A file the caller asked to write already exists and overwriting was not allowed. The message names the file only:
/// each front end adds its own way to allow it (-Force in PowerShell, --force in the CLI).
/// </summary>
public sealed class TargetExistsException : IOException
{
    public TargetExistsException(string path, string what = "file")
        : base($"{path}: the {what} already exists")
    {
        Path = path;
    }

    /// <summary>The existing file.</summary>
    public string Path { get; }
}
