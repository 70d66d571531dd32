namespace AcousticAnomaly.Models.Classifiers;

/// <summary>How users name a foreign model's labels, and the per-class column names of results.</summary>
public static class ClassifierLabels
{
    /// <summary>
    /// -Labels / --labels: one value naming an existing file = one label per line (blank lines skipped); otherwise the
    /// values themselves, each possibly comma-separated. Null or empty = none given.
    /// </summary>
    public static IReadOnlyList<string>? Resolve(IReadOnlyList<string>? values, Func<string, string>? resolvePath = null)
    {
        if (values is null || values.Count == 0) return null;
        if (values.Count == 1)
        {
            var path = resolvePath?.Invoke(values[0]) ?? values[0];
            if (File.Exists(path)) return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        }
        return values.SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
    }

    /// <summary>The column (property) name of a class's probability: P_&lt;label&gt;.</summary>
    public static string Column(string label) => "P_" + label;
}
