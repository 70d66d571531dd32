using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Plots;
using Xunit;

namespace AcousticAnomaly.Tests.Plots;

/// <summary>
/// The PNG pictures of the classifier report, read back with the test suite's own decoder (signature, IHDR, every
/// chunk's CRC, inflated with System.IO.Compression): the confusion matrix's cells are shaded by row share and the
/// scatter's dots carry their label's colour.
/// </summary>
public sealed class ClassifierImagesTests
{
    private static readonly ClassificationReport Report = ClassificationReport.Create(["bed", "cat", "happy"],
        [0, 0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 0, 0, 1, 1, 1, 1, 2, 2, 0]);

    [Fact]
    public void ConfusionMatrixDecodesWithCellsShadedByRowShare()
    {
        var png = MiniPngDecoder.Decode(ConfusionMatrixImage.RenderPng(Report.Labels, Report.ConfusionMatrix));
        var canvas = ConfusionMatrixImage.Render(Report.Labels, Report.ConfusionMatrix);
        Assert.Equal((canvas.Width, canvas.Height), (png.Width, png.Height));
        Assert.Equal(canvas.Pixels, png.Rgb);
        // Find the grid from the rendering: cell (i, j) starts at the grid origin + cell size steps. The top-left corner
        // pixel inside each cell (inside the grid line, away from the count) holds the shading.
        int cell = ConfusionMatrixImage.CellSize(Report.ConfusionMatrix);
        var (gx, gy) = GridOrigin(canvas, cell);
        (byte R, byte G, byte B) Shade(int i, int j) => canvas.At(gx + j * cell + 3, gy + i * cell + 3);
        // Row bed: 3 of 4 right (blue, 0.75 x 0.85 opaque), 1 wrong (red, lighter); cat: all right; empty cells white.
        var bedRight = Shade(0, 0);
        Assert.True(bedRight.B > bedRight.R + 40, $"bed/bed {bedRight}");
        var bedWrong = Shade(0, 1);
        Assert.True(bedWrong.R > bedWrong.B + 20 && bedWrong.G > bedRight.G, $"bed/cat {bedWrong}");
        Assert.Equal(((byte)255, (byte)255, (byte)255), Shade(1, 0));
        Assert.True(Shade(1, 1).R < bedRight.R && Shade(1, 1).G < bedRight.G, "a full row is a deeper blue than three quarters");
    }

    [Fact]
    public void ScatterDecodesWithEachDotInItsLabelsColour()
    {
        var labels = new[] { "bed", "cat", "happy" };
        var clips = Enumerable.Range(0, 9).Select(i => new ScatterPoint(labels[i % 3], labels[i == 4 ? 0 : i % 3],
            10 * (i % 3) + 0.1 * i, i)).ToList();
        var bytes = ScatterImage.RenderPng(labels, clips, ClassifierHtmlReport.EmbeddingSpace, [0.6, 0.3], 0.42);
        var png = MiniPngDecoder.Decode(bytes);
        Assert.Equal(ScatterImage.PlotWidth + 180, png.Width);
        foreach (var c in clips)
        {
            var (x, y) = ScatterImage.PointOf(clips, c);
            int i = (y * png.Width + x) * 3;
            var want = ClassifierHtmlReport.Palette[Array.IndexOf(labels, c.Label)];
            // 0.75 of the label colour over the plot's near-white background.
            for (int ch = 0; ch < 3; ch++)
            {
                int expected = (int)Math.Round(250 + (Convert.ToByte(want.Substring(1 + 2 * ch, 2), 16) - 250) * 0.75);
                Assert.InRange(png.Rgb[i + ch], expected - 8, expected + 8);
            }
        }
    }

    /// <summary>The top-left pixel of the grid: the first pixel of the grid-line colour scanning down the first column of
    /// cells' left edge.</summary>
    private static (int X, int Y) GridOrigin(RgbCanvas canvas, int cell)
    {
        for (int y = 0; y < canvas.Height; y++)
            for (int x = 0; x < canvas.Width - cell; x++)
                if (canvas.At(x, y) == ((byte)227, (byte)231, (byte)238) && canvas.At(x + cell - 1, y) == ((byte)227, (byte)231, (byte)238)
                    && canvas.At(x, y + cell - 1) == ((byte)227, (byte)231, (byte)238))
                    return (x, y);
        throw new Xunit.Sdk.XunitException("no grid found");
    }
}
