namespace AcousticAnomaly.Plots;

/// <summary>One spectrogram picture written: the PNG, the audio it shows and its size (Width = frames, Height = mel bands).</summary>
public sealed record SpectrogramExportResult(string Path, string SourcePath, int Width, int Height);
