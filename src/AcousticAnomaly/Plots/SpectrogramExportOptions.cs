using AcousticAnomaly.Features;

namespace AcousticAnomaly.Plots;

/// <summary>How <see cref="SpectrogramExporter"/> analyses clips and where it puts the pictures.</summary>
/// <param name="Features">Log-mel settings (sample rate, FFT, hop, mel bands, channel rule); null = the DCASE defaults.</param>
/// <param name="ModelPath">A model whose stored feature settings to use instead, so the picture shows exactly what the
/// model hears. A model without our metadata (made elsewhere) leaves <paramref name="Features"/> in force.</param>
/// <param name="OutputDirectory">Folder for the PNG files; null puts each beside its audio file.</param>
/// <param name="Overwrite">Replace existing PNG files; otherwise an existing one is an error for that clip.</param>
/// <param name="MaxWidth">Pixel budget of a picture's width: a longer file (past ~8.7 minutes at the defaults) is drawn
/// with 2, 4, 8... frames per column, each column the loudest value of its frames per band (short events stay
/// visible), so the picture - and the memory to draw it - stay bounded at any length (issue 15 item 13).</param>
public sealed record SpectrogramExportOptions(FeatureSettings? Features = null, string? ModelPath = null,
    string? OutputDirectory = null, bool Overwrite = false, int MaxWidth = 16384);
