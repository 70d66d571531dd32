namespace AcousticAnomaly.Archive;

/// <summary>
/// Evidence clips are FLACs named like recordings (device_start.flac), so their folder carries this empty marker
/// file; retention leaves such folders alone unless asked to include evidence.
/// </summary>
public static class EvidenceMarker
{
    public const string FileName = ".acoustic-anomaly-evidence";

    /// <summary>Marks a folder as holding evidence (idempotent).</summary>
    public static void Mark(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) File.WriteAllBytes(path, Array.Empty<byte>());
    }

    public static bool IsMarked(string directory) => File.Exists(Path.Combine(directory, FileName));
}
