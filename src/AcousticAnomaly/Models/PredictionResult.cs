namespace AcousticAnomaly.Models;

/// <summary>
/// The verdict on one clip, or one segment of a long file. Piped to Export-Csv (or printed by the CLI's predict verb)
/// these rows are the original system's predictions.csv: file, anomaly/normal - plus the evidence.
/// </summary>
/// <param name="Path">The audio file.</param>
/// <param name="Offset">Start of the scored audio within the file in seconds (zero unless scored in segments).</param>
/// <param name="Duration">Length of the scored audio in seconds.</param>
/// <param name="Score">Mean of the per-vector anomaly scores; higher = more anomalous.</param>
/// <param name="Threshold">The model's decision threshold in Score units.</param>
/// <param name="IsAnomaly">Score &gt; Threshold.</param>
/// <param name="Label">"anomaly" or "normal".</param>
/// <param name="Model">The model file's name.</param>
// Seconds as double, not TimeSpan: Export-Csv and ConvertTo-Json print a TimeSpan as text or a nested object (issue 9).
public sealed record PredictionResult(string Path, double Offset, double Duration, double Score, double Threshold,
    bool IsAnomaly, string Label, string Model)
{
    public const string AnomalyLabel = "anomaly";
    public const string NormalLabel = "normal";

    public static string LabelFor(bool isAnomaly) => isAnomaly ? AnomalyLabel : NormalLabel;
}
