using System.Globalization;
using System.Text.RegularExpressions;

namespace AcousticAnomaly.Archive;

/// <summary>Reads the budget as people write it: ages like 30d, 12h, 90m, 2w; sizes like 20GB, 500MB, 1.5TB (1024-based,
/// as PowerShell's 20GB), or plain bytes.</summary>
public static partial class RetentionUnits
{
    [GeneratedRegex(@"^\s*(?<n>\d+(?:\.\d+)?)\s*(?<u>[a-z]*)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberAndUnit();

    public static bool TryParseAge(string text, out TimeSpan age)
    {
        age = default;
        if (!TrySplit(text, out double n, out string unit)) return false;
        double? days = unit switch
        {
            "w" => 7, "d" => 1, "h" => 1 / 24.0, "m" or "min" => 1 / 1440.0, "s" or "" => 1 / 86400.0,
            _ => null,
        };
        if (days is null || n * days.Value > 36600) return false; // beyond a century is a typo, not a budget
        age = TimeSpan.FromDays(n * days.Value);
        return true;
    }

    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = default;
        if (!TrySplit(text, out double n, out string unit)) return false;
        int? power = unit switch { "" or "b" => 0, "k" or "kb" => 1, "m" or "mb" => 2, "g" or "gb" => 3, "t" or "tb" => 4, _ => null };
        if (power is null) return false;
        double value = n * Math.Pow(1024, power.Value);
        if (value > long.MaxValue / 2) return false;
        bytes = (long)value;
        return true;
    }

    private static bool TrySplit(string text, out double n, out string unit)
    {
        var m = NumberAndUnit().Match(text ?? "");
        n = m.Success ? double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
        unit = m.Success ? m.Groups["u"].Value.ToLowerInvariant() : "";
        return m.Success;
    }
}
