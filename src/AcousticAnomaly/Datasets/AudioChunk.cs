namespace AcousticAnomaly.Datasets;

/// <summary>One file cut from a longer recording (one row of Split-AudioFile / <c>acoustic-anomaly split</c>).</summary>
/// <param name="Path">The chunk written.</param>
/// <param name="SourcePath">The recording it was cut from.</param>
/// <param name="Offset">Where in the source it starts.</param>
/// <param name="Duration">Its length.</param>
/// <param name="StartFrame">First source frame it holds.</param>
/// <param name="Frames">Frames it holds.</param>
public sealed record AudioChunk(string Path, string SourcePath, TimeSpan Offset, TimeSpan Duration, long StartFrame, long Frames);
