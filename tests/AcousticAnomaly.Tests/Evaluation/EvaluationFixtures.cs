using System.Text.Json;

namespace AcousticAnomaly.Tests.Evaluation;

/// <summary>Loads the scikit-learn / SciPy reference outputs in tests/fixtures/evaluation (made by tests/reference/*.py).</summary>
internal static class EvaluationFixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures", "evaluation");

    public static IEnumerable<object[]> Names(string prefix) =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "evaluation"), prefix + "_*.json")
            .Select(f => new object[] { Path.GetFileNameWithoutExtension(f) })
            .OrderBy(o => (string)o[0]);

    public static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, name + ".json"))).RootElement;

    public static double[] Doubles(this JsonElement e, string property) =>
        e.GetProperty(property).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static bool[] Labels(this JsonElement e) =>
        e.GetProperty("y").EnumerateArray().Select(v => v.GetInt32() == 1).ToArray();
}
