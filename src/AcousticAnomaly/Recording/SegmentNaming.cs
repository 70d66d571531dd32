using System.Globalization;
using System.Text;

namespace AcousticAnomaly.Recording;

/// <summary>
/// File names <c>&lt;device-slug&gt;_&lt;UTC start, e.g. 2026-11-22T10-15-30.123Z&gt;.wav</c>: sorting a folder
/// lines the devices' files up in time, and the names are valid on every file system (no colons).
/// </summary>
internal static class SegmentNaming
{
    public static string Slug(string device)
    {
        var sb = new StringBuilder();
        foreach (char c in device.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "device" : slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
    }

    public static string Stamp(DateTimeOffset start) =>
        start.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A path that does not exist yet: two files of one device starting in the same millisecond get _2, _3...</summary>
    public static string UniquePath(string directory, string device, DateTimeOffset start, string extension = ".wav")
    {
        string stem = Path.Combine(directory, $"{Slug(device)}_{Stamp(start)}");
        string path = stem + extension;
        for (int n = 2; File.Exists(path); n++) path = $"{stem}_{n}{extension}";
        return path;
    }
}
