namespace AcousticAnomaly.Cli;

/// <summary>Prints rows as an aligned plain-text table, for people (the demo); CSV stays the format for machines.</summary>
internal static class TextTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        writer.WriteLine(Line(headers));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in all) writer.WriteLine(Line(row));
    }
}
