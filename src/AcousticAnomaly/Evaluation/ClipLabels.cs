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
}
