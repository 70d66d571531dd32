namespace AcousticAnomaly.Datasets;

/// <summary>
/// One label of a dataset (one row of Get-AudioDataset / <c>acoustic-anomaly dataset</c>). The last row, labelled
/// <see cref="AllLabels"/>, sums every label, so its <see cref="LongestClip"/> is the longest clip overall - the one
/// users size a fixed model input from.
/// </summary>
/// <param name="Label">The label folder's name, or "*" for the row over all labels.</param>
/// <param name="Count">Readable audio files.</param>
/// <param name="TotalDuration">Sum of their durations.</param>
/// <param name="MinDuration">Shortest clip.</param>
/// <param name="MeanDuration">Mean clip duration.</param>
/// <param name="MaxDuration">Longest clip.</param>
/// <param name="LongestClip">Path of the longest clip ("" when there is none).</param>
/// <param name="SampleRates">Distinct sample rates seen, ascending.</param>
/// <param name="Channels">Distinct channel counts seen, ascending.</param>
/// <param name="Unreadable">Audio files whose header could not be read.</param>
/// <param name="UnreadableFiles">Their paths.</param>
/// <param name="Hidden">Hidden files skipped (names starting with a dot, or the Hidden attribute).</param>
/// <param name="Path">The label folder (the dataset root for the "*" row).</param>
// Seconds as double: Export-Csv and ConvertTo-Json print a TimeSpan as text or a nested object (issue 9).
public sealed record DatasetLabelSummary(
    string Label, int Count, double TotalDuration, double MinDuration, double MeanDuration, double MaxDuration,
    string LongestClip, int[] SampleRates, int[] Channels, int Unreadable, string[] UnreadableFiles, int Hidden, string Path)
{
    /// <summary>The label of the summary row over the whole dataset.</summary>
    public const string AllLabels = "*";
}
