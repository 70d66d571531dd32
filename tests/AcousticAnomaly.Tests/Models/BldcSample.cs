namespace AcousticAnomaly.Tests.Models;

/// <summary>The bundled BLDC motor sample (tests/fixtures/bldc-sample): 8 normal and 6 abnormal 3-second stereo clips.</summary>
internal static class BldcSample
{
    public static IReadOnlyList<string> Normal => Files("normal");
    public static IReadOnlyList<string> Abnormal => Files("abnormal");

    /// <summary>Every other normal clip, as the demo trains: covers the speed range.</summary>
    public static IReadOnlyList<string> Train => Normal.Where((_, i) => i % 2 == 0).ToList();
    public static IReadOnlyList<string> HeldBack => Normal.Where((_, i) => i % 2 == 1).ToList();

    private static IReadOnlyList<string> Files(string label) =>
        Directory.GetFiles(TestPaths.Fixture("bldc-sample", label), "*.flac").Order(StringComparer.Ordinal).ToList();

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aa-scoring-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
