
namespace AcousticAnomaly.Plots;

/// <summary>
/// An 8-bit RGB raster with the few drawing operations the PNG charts need (rectangles, discs, rings, pixel-font text,
/// colours blended over what is there), encoded with <see cref="PngWriter"/>.
/// </summary>
internal sealed class RgbCanvas
{
    public RgbCanvas(int width, int height, (byte R, byte G, byte B) background)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} must be positive.");
        (Width, Height) = (width, height);
        Pixels = new byte[width * height * 3];
        FillRect(0, 0, width, height, background);
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>Row-major RGB, top row first.</summary>
    public byte[] Pixels { get; }

    public static (byte R, byte G, byte B) Hex(string colour) =>
        (Convert.ToByte(colour.Substring(1, 2), 16), Convert.ToByte(colour.Substring(3, 2), 16), Convert.ToByte(colour.Substring(5, 2), 16));

    /// <summary>Paints a pixel, <paramref name="alpha"/> of the colour over what is there; outside the image = nothing.</summary>
    public void Blend(int x, int y, (byte R, byte G, byte B) c, double alpha = 1)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        int i = (y * Width + x) * 3;
        Pixels[i] = Mix(Pixels[i], c.R, alpha);
        Pixels[i + 1] = Mix(Pixels[i + 1], c.G, alpha);
        Pixels[i + 2] = Mix(Pixels[i + 2], c.B, alpha);
    }

    public (byte R, byte G, byte B) At(int x, int y)
    {
        int i = (y * Width + x) * 3;
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    public void FillRect(int x, int y, int width, int height, (byte R, byte G, byte B) c, double alpha = 1)
    {
        for (int yy = y; yy < y + height; yy++)
            for (int xx = x; xx < x + width; xx++) Blend(xx, yy, c, alpha);
    }

    /// <summary>A one-pixel outline of a rectangle.</summary>
    public void StrokeRect(int x, int y, int width, int height, (byte R, byte G, byte B) c)
    {
        FillRect(x, y, width, 1, c);
        FillRect(x, y + height - 1, width, 1, c);
        FillRect(x, y, 1, height, c);
        FillRect(x + width - 1, y, 1, height, c);
    }

    /// <summary>A disc of radius <paramref name="r"/>; with <paramref name="inner"/> > 0 only the ring outside it.</summary>
    public void Disc(double cx, double cy, double r, (byte R, byte G, byte B) c, double alpha = 1, double inner = 0)
    {
        for (int y = (int)Math.Floor(cy - r); y <= (int)Math.Ceiling(cy + r); y++)
            for (int x = (int)Math.Floor(cx - r); x <= (int)Math.Ceiling(cx + r); x++)
            {
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                if (d2 <= r * r && d2 >= inner * inner) Blend(x, y, c, alpha);
            }
    }

    /// <summary>Text in the pixel font with its top-left corner at (x, y); returns the width drawn.</summary>
    public int Text(int x, int y, string text, (byte R, byte G, byte B) c, int scale = 2)
    {
        for (int k = 0; k < text.Length; k++)
            for (int gy = 0; gy < PixelFont.Height; gy++)
                for (int gx = 0; gx < PixelFont.Width; gx++)
                    if (PixelFont.Ink(text[k], gx, gy)) FillRect(x + (k * (PixelFont.Width + 1) + gx) * scale, y + gy * scale, scale, scale, c);
        return PixelFont.TextWidth(text, scale);
    }

    public byte[] ToPng() => PngWriter.Encode(Width, Height, Pixels);

    /// <summary>Writes the PNG atomically (temporary file, fsync, rename).</summary>
    public void Save(string path) => PngWriter.Save(path, Width, Height, Pixels);

    private static byte Mix(byte under, byte over, double alpha) => (byte)Math.Round(under + (over - under) * Math.Clamp(alpha, 0, 1));
}
