using System.Globalization;
using System.Reflection;

namespace AcousticAnomaly.Cli;

/// <summary>
/// Prints result records as CSV. The header is the record's public property names, in declaration order - the same
/// names the cmdlets' objects carry - so `acoustic-anomaly X > a.csv` and `Cmdlet | Export-Csv` agree.
/// </summary>
public static class CsvOutput
{
    public static void Write<T>(IEnumerable<T> rows, TextWriter writer)
    {
        var props = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0).ToArray();
        writer.WriteLine(string.Join(",", props.Select(p => Quote(p.Name))));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(",", props.Select(p => Quote(Format(p.GetValue(row))))));
            writer.Flush(); // rows appear as they are produced (recording and watching stream results)
        }
    }

    /// <summary>Formats one value the way Export-Csv would show it, but culture-invariant so files parse anywhere.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        // ISO 8601 with milliseconds (issue 9): what spreadsheets and log tools parse, without 100 ns noise.
        DateTime d => d.ToString(d.Kind == DateTimeKind.Utc ? "yyyy-MM-ddTHH:mm:ss.fffZ" : "yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalSeconds.ToString("R", CultureInfo.InvariantCulture), // seconds, as the records carry durations
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e => string.Join(";", e.Cast<object?>().Select(Format)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
}
