using System.Text;
using System.Text.RegularExpressions;

namespace AcousticAnomaly.Capture;

/// <summary>
/// PowerShell-style wildcards (*, ?, [abc]) for device names, case-insensitive. The core library does not reference
/// PowerShell, so this small matcher stands in for WildcardPattern with the same meaning for those three forms.
/// </summary>
internal static class DeviceNamePattern
{
    public static bool HasWildcards(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

    public static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*': sb.Append(".*"); break;
                case '?': sb.Append('.'); break;
                case '[':
                    int close = pattern.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        sb.Append('[').Append(pattern, i + 1, close - i - 1).Append(']');
                        i = close;
                    }
                    else
                    {
                        sb.Append(Regex.Escape("["));
                    }
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
