namespace AcousticAnomaly.Datasets;

/// <summary>One file cut from a longer recording (one row of Split-AudioFile / <c>acoustic-anomaly split</c>).</summary>
/// <param name="Path">The chunk written.</param>
/// <param name="SourcePath">The recording it was cut from.</param>
/// <param name="Offset">Where in the source it starts, in seconds.</param>
/// <param name="Duration">Its length in seconds.</param>
/// <param name="StartFrame">First source frame it holds.</param>
/// <param name="Frames">Frames it holds.</param>
// Seconds as double: Export-Csv and ConvertTo-Json print a TimeSpan as text or a nested object (issue 9).
public sealed record AudioChunk(string Path, string SourcePath, double Offset, double Duration, long StartFrame, long Frames);
