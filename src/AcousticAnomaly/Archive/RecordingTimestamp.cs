using System.Globalization;
using System.Text.RegularExpressions;

namespace AcousticAnomaly.Archive;

/// <summary>
/// Start times carried in recording file names: ISO 8601 basic or extended forms with T, _ or space between date and
/// time, '-' or ':' (or nothing) between time parts, optional fractional seconds and an optional Z, e.g.
/// 2026-11-22T10-15-30, 20261122T101530, 2026-11-22T10:15:30Z, 2026-11-22_10-15-30.123.
/// </summary>
public static partial class RecordingTimestamp
{
    [GeneratedRegex(@"(?<y>\d{4})(?<s1>-?)(?<mo>\d{2})\k<s1>(?<d>\d{2})[T_ ](?<h>\d{2})(?<s2>[-:]?)(?<mi>\d{2})\k<s2>(?<sec>\d{2})(?:[.,](?<f>\d{1,7}))?(?<z>Z)?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    /// <summary>Finds a timestamp in a file name; also returns the name part before it (trailing separators trimmed).</summary>
    public static bool TryParse(string fileName, out DateTime start, out string prefix)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        foreach (Match m in Pattern().Matches(name))
        {
            int G(string g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
            try
            {
                var t = new DateTime(G("y"), G("mo"), G("d"), G("h"), G("mi"), G("sec"),
                    m.Groups["z"].Success ? DateTimeKind.Utc : DateTimeKind.Unspecified);
                if (m.Groups["f"].Success)
                    t = t.AddTicks(long.Parse(m.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture));
                start = t;
                prefix = name[..m.Index].TrimEnd('_', '-', ' ', '.');
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                // Digits that look like a timestamp but are not a real date (month 13): try the next match.
            }
        }
        start = default;
        prefix = name;
        return false;
    }

    /// <summary>The period a start time falls in, as used in archive names: 2026-11-22T10-15 (minute) or 2026-11-22T10 (hour).</summary>
    public static string PeriodName(DateTime periodStart, FlacGroupBy groupBy) => groupBy switch
    {
        FlacGroupBy.Minute => periodStart.ToString("yyyy-MM-dd'T'HH-mm", CultureInfo.InvariantCulture),
        FlacGroupBy.Hour => periodStart.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(groupBy)),
    } + (periodStart.Kind == DateTimeKind.Utc ? "Z" : "");

    /// <summary>The start of the minute or hour containing t.</summary>
    public static DateTime PeriodStart(DateTime t, FlacGroupBy groupBy) => groupBy switch
    {
        FlacGroupBy.Minute => new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Kind),
        FlacGroupBy.Hour => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Kind),
        _ => throw new ArgumentOutOfRangeException(nameof(groupBy)),
    };
}
