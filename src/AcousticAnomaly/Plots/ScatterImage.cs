using System.Globalization;

namespace AcousticAnomaly.Plots;

/// <summary>
/// The classifier report's 2-D PCA scatter as a PNG: one dot per clip in its true label's colour (the HTML report's
/// palette), misclassified clips ringed, a legend of the labels, and a title naming the space (embeddings or features),
/// the explained variance and the silhouette.
/// </summary>
public static class ScatterImage
{
    public const int PlotWidth = 640, PlotHeight = 400;
    private const int Scale = 2, Pad = 24, Legend = 180, Title = 36;
    private static readonly (byte, byte, byte) White = (255, 255, 255), Ink = (29, 36, 48), Frame = (227, 231, 238), Plot = (250, 251, 253);

    public static byte[] RenderPng(IReadOnlyList<string> labels, IReadOnlyList<ScatterPoint> clips, string space,
        IReadOnlyList<double> explainedVariance, double silhouette) => Render(labels, clips, space, explainedVariance, silhouette).ToPng();

    public static void Save(string path, IReadOnlyList<string> labels, IReadOnlyList<ScatterPoint> clips, string space,
        IReadOnlyList<double> explainedVariance, double silhouette) => Render(labels, clips, space, explainedVariance, silhouette).Save(path);

    /// <summary>The pixel a clip's point is drawn at (the plot area starts at (0, Title)).</summary>
    public static (int X, int Y) PointOf(IReadOnlyList<ScatterPoint> clips, ScatterPoint c)
    {
        double minX = clips.Min(p => p.X), maxX = clips.Max(p => p.X), minY = clips.Min(p => p.Y), maxY = clips.Max(p => p.Y);
        double sx = (PlotWidth - 2 * Pad) / Math.Max(maxX - minX, 1e-12), sy = (PlotHeight - 2 * Pad) / Math.Max(maxY - minY, 1e-12);
        return ((int)Math.Round(Pad + (c.X - minX) * sx), Title + (int)Math.Round(PlotHeight - Pad - (c.Y - minY) * sy));
    }

    internal static RgbCanvas Render(IReadOnlyList<string> labels, IReadOnlyList<ScatterPoint> clips, string space,
        IReadOnlyList<double> explainedVariance, double silhouette)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0) throw new ArgumentException("The scatter needs at least one clip.", nameof(clips));
        var canvas = new RgbCanvas(PlotWidth + Legend, Title + PlotHeight, White);
        string title = string.Format(CultureInfo.InvariantCulture, "{0}: PCA {1:0.0}% + {2:0.0}%, SILHOUETTE {3}", space,
            100 * explainedVariance[0], 100 * explainedVariance[1], double.IsFinite(silhouette) ? silhouette.ToString("0.000", CultureInfo.InvariantCulture) : "N/A");
        canvas.Text(8, (Title - PixelFont.Height * Scale) / 2, title, Ink, Scale);
        canvas.FillRect(0, Title, PlotWidth, PlotHeight, Plot);
        canvas.StrokeRect(0, Title, PlotWidth, PlotHeight, Frame);
        var palette = LabelPalette.Colours.Select(RgbCanvas.Hex).ToArray();
        foreach (var c in clips)
        {
            var (x, y) = PointOf(clips, c);
            int k = Math.Max(0, IndexOf(labels, c.Label));
            canvas.Disc(x, y, 4, palette[k % palette.Length], 0.75);
            if (c.Predicted != c.Label) canvas.Disc(x, y, 5.5, Ink, 1, inner: 4.2);
        }
        for (int k = 0; k < labels.Count; k++)
        {
            int y = Title + 20 + 18 * k;
            canvas.Disc(PlotWidth + 16, y, 5, palette[k % palette.Length]);
            canvas.Text(PlotWidth + 28, y - PixelFont.Height * Scale / 2, labels[k], Ink, Scale);
        }
        return canvas;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}

/// <summary>One clip in the scatter: where it lies (e.g. its first two principal components), its true label and the
/// label it was given (a clip whose two differ is ringed).</summary>
public sealed record ScatterPoint(string Label, string Predicted, double X, double Y);
