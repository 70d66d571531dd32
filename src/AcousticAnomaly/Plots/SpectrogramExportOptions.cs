using AcousticAnomaly.Features;

namespace AcousticAnomaly.Plots;

/// <summary>How <see cref="SpectrogramExporter"/> analyses clips and where it puts the pictures.</summary>
/// <param name="Features">Log-mel settings (sample rate, FFT, hop, mel bands, channel rule); null = the DCASE defaults.</param>
/// <param name="ModelPath">A model whose stored feature settings to use instead, so the picture shows exactly what the
/// model hears. A model without our metadata (made elsewhere) leaves <paramref name="Features"/> in force.</param>
/// <param name="OutputDirectory">Folder for the PNG files; null puts each beside its audio file.</param>
/// <param name="Overwrite">Replace existing PNG files; otherwise an existing one is an error for that clip.</param>
public sealed record SpectrogramExportOptions(FeatureSettings? Features = null, string? ModelPath = null,
    string? OutputDirectory = null, bool Overwrite = false);
