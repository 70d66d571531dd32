namespace AcousticAnomaly.Plots;

/// <summary>
/// Renders a log-mel spectrogram (float[time][mel], values in dB-like log units) as an RGB image with viridis:
/// time runs left to right, mel bin 0 (lowest frequency) is the bottom row. Values are clamped to the top
/// <see cref="SpectrogramRenderOptions.DynamicRangeDb"/> below the matrix maximum, like librosa's power_to_db(top_db=80),
/// so silence does not wash out the colour scale.
/// </summary>
public sealed record SpectrogramRenderOptions(double DynamicRangeDb = 80, int PixelsPerFrame = 1, int PixelsPerBin = 1)
{
    public static SpectrogramRenderOptions Default { get; } = new();
}

/// <summary>An RGB raster, row-major top row first, 3 bytes per pixel.</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    public (byte R, byte G, byte B) this[int x, int y] => (Pixels[3 * (y * Width + x)], Pixels[3 * (y * Width + x) + 1], Pixels[3 * (y * Width + x) + 2]);

    public byte[] ToPng() => PngWriter.Encode(Width, Height, Pixels);
}

public static class SpectrogramImage
{
    /// <summary>
    /// Rasterises <paramref name="logMel"/>. Values are assumed to be in dB (10·log10 power); for natural-log or
    /// log10 features pass a DynamicRangeDb in those units. Non-finite cells are drawn as the floor colour.
    /// </summary>
    public static RgbImage Render(float[][] logMel, SpectrogramRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        options ??= SpectrogramRenderOptions.Default;
        if (!(options.DynamicRangeDb > 0)) throw new ArgumentOutOfRangeException(nameof(options), "DynamicRangeDb must be positive.");
        if (options.PixelsPerFrame < 1 || options.PixelsPerBin < 1) throw new ArgumentOutOfRangeException(nameof(options), "Pixel scales must be >= 1.");
        int frames = logMel.Length;
        if (frames == 0) throw new ArgumentException("The spectrogram has no frames.");
        int bins = logMel[0]?.Length ?? 0;
        if (bins == 0) throw new ArgumentException("The spectrogram has no mel bins.");
        double max = double.NegativeInfinity;
        for (int t = 0; t < frames; t++)
        {
            if (logMel[t] is null || logMel[t].Length != bins)
                throw new ArgumentException($"Frame {t} has {logMel[t]?.Length ?? 0} bins, frame 0 has {bins}: the matrix must be rectangular.");
            foreach (float v in logMel[t]) if (float.IsFinite(v) && v > max) max = v;
        }
        if (double.IsNegativeInfinity(max)) max = 0;
        double floor = max - options.DynamicRangeDb;

        int px = options.PixelsPerFrame, py = options.PixelsPerBin;
        int width = frames * px, height = bins * py;
        var pixels = new byte[(long)width * height * 3 <= int.MaxValue ? width * height * 3 : throw new ArgumentException("Image too large.")];
        for (int t = 0; t < frames; t++)
        {
            for (int m = 0; m < bins; m++)
            {
                float v = logMel[t][m];
                double u = float.IsFinite(v) ? (v - floor) / options.DynamicRangeDb : 0;
                var (r, g, b) = Viridis.Map(u);
                int yTop = (bins - 1 - m) * py; // low mel bins at the bottom
                for (int dy = 0; dy < py; dy++)
                {
                    int rowStart = (yTop + dy) * width;
                    for (int dx = 0; dx < px; dx++)
                    {
                        int o = 3 * (rowStart + t * px + dx);
                        pixels[o] = r; pixels[o + 1] = g; pixels[o + 2] = b;
                    }
                }
            }
        }
        return new RgbImage(width, height, pixels);
    }
}
