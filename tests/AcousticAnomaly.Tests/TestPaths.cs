using System.Reflection;

namespace AcousticAnomaly.Tests;

/// <summary>Where the repository and build-time inputs are, as recorded by the test project at build time.</summary>
internal static class TestPaths
{
    public static string RepoRoot => Metadata("RepoRoot");
    public static string SmaReferencePath => Metadata("SmaReferencePath");
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "fixtures");

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} missing");
}
