
namespace AcousticAnomaly.Plots;

/// <summary>
/// The classifier report's confusion matrix as a PNG: rows = true label, columns = predicted, each cell shaded by its
/// share of the row (blue on the diagonal, red off it, as the HTML table) and labelled with its count.
/// </summary>
public static class ConfusionMatrixImage
{
    private const int Scale = 2, Pad = 12;
    private const string Title = "ROWS TRUE, COLUMNS PREDICTED";
    private static readonly (byte, byte, byte) White = (255, 255, 255), Ink = (29, 36, 48), Grid = (227, 231, 238);
    private static readonly (byte, byte, byte) Right = (47, 109, 181), Wrong = (192, 38, 45);

    /// <summary>Width and height of one cell in pixels.</summary>
    public static int CellSize(IReadOnlyList<IReadOnlyList<int>> matrix) =>
        Math.Max(44, matrix.SelectMany(r => r).Max().ToString(System.Globalization.CultureInfo.InvariantCulture).Length * 8 + 12);

    public static byte[] RenderPng(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> matrix) => Render(labels, matrix).ToPng();

    public static void Save(string path, IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> matrix) =>
        Render(labels, matrix).Save(path);

    internal static RgbCanvas Render(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> matrix)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(matrix);
        int k = labels.Count, cell = CellSize(matrix);
        int rowHeader = labels.Max(l => PixelFont.TextWidth(l, Scale)) + Pad;
        int top = 3 * Pad + 2 * PixelFont.Height * Scale;
        // Column headers are written one per line above the grid (long labels would not fit across a cell).
        int columnKey = k * (PixelFont.Height * Scale + 4);
        int left = Pad + rowHeader;
        int width = left + k * cell + Pad;
        width = Math.Max(width, left + labels.Select((l, j) => PixelFont.TextWidth($"{j + 1} = {l}", Scale)).Max() + Pad);
        width = Math.Max(width, 2 * Pad + PixelFont.TextWidth(Title, Scale));
        int numbers = PixelFont.Height * Scale + 4; // the row of column numbers above the grid
        int height = top + columnKey + Pad + numbers + k * cell + Pad;
        var canvas = new RgbCanvas(width, height, White);
        canvas.Text(Pad, Pad, Title, Ink, Scale);
        int keyTop = top;
        for (int j = 0; j < k; j++) canvas.Text(left, keyTop + j * (PixelFont.Height * Scale + 4), $"{j + 1} = {labels[j]}", Ink, Scale);
        int gridTop = keyTop + columnKey + Pad + numbers;
        for (int j = 0; j < k; j++)
        {
            var number = (j + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            canvas.Text(left + j * cell + (cell - PixelFont.TextWidth(number, Scale)) / 2, gridTop - PixelFont.Height * Scale - 4, number, Ink, Scale);
        }
        for (int i = 0; i < k; i++)
        {
            var row = matrix[i];
            int total = row.Sum();
            int y = gridTop + i * cell;
            canvas.Text(Pad, y + (cell - PixelFont.Height * Scale) / 2, labels[i], Ink, Scale);
            for (int j = 0; j < k; j++)
            {
                int x = left + j * cell;
                double share = total > 0 ? row[j] / (double)total : 0;
                canvas.FillRect(x, y, cell, cell, i == j ? Right : Wrong, share * 0.85);
                canvas.StrokeRect(x, y, cell, cell, Grid);
                var count = row[j].ToString(System.Globalization.CultureInfo.InvariantCulture);
                canvas.Text(x + (cell - PixelFont.TextWidth(count, Scale)) / 2, y + (cell - PixelFont.Height * Scale) / 2, count,
                    share > 0.5 ? White : Ink, Scale);
            }
        }
        return canvas;
    }
}
