namespace AcousticAnomaly.Evaluation;

/// <summary>A spectrogram picture to embed in the report for one clip (PNG bytes, e.g. from <see cref="SpectrogramRenderer"/>).</summary>
public sealed record ReportSpectrogram(string Path, byte[] Png);
