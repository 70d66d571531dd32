namespace AcousticAnomaly.Evaluation;

/// <summary>The two ground-truth labels. Anomaly is the positive class of every metric, as in DCASE scoring.</summary>
public static class ClipLabels
{
    public const string Normal = "normal";
    public const string Anomaly = "anomaly";

    /// <summary>True for "anomaly", false for "normal" (case-insensitive); anything else names the clip and throws.</summary>
    public static bool IsPositive(string label, string path)
    {
        if (string.Equals(label, Anomaly, StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(label, Normal, StringComparison.OrdinalIgnoreCase)) return false;
        throw new ArgumentException($"{path}: label '{label}' is neither '{Normal}' nor '{Anomaly}'.");
    }

    /// <summary>
    /// The canonical label ("normal" or "anomaly") for a truth label as users write it: normal / anomaly / abnormal
    /// (DCASE folder names say "abnormal", file names "anomaly"), any case, or 0 / 1 (scikit-learn's y_true).
    /// Anything else - including null or blank - throws an <see cref="ArgumentException"/> naming the clip.
    /// </summary>
    public static string Normalize(string? label, string path)
    {
        var text = label?.Trim() ?? "";
        if (text.Equals(Normal, StringComparison.OrdinalIgnoreCase) || text == "0") return Normal;
        if (text.Equals(Anomaly, StringComparison.OrdinalIgnoreCase) || text.Equals("abnormal", StringComparison.OrdinalIgnoreCase) || text == "1")
            return Anomaly;
        throw new ArgumentException(text.Length == 0
            ? $"{path}: no truth label; give normal, anomaly (or abnormal), 0 or 1."
            : $"{path}: truth label '{text}' is not one of normal, anomaly, abnormal, 0, 1.");
    }
}
