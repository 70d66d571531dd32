using System.Globalization;
using System.Text;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Manifest CSV files: a header of column names, then one quoted row per file. Paths are written in full, so
/// `Import-Csv manifest.csv | Where-Object Split -eq train | New-IsolationForestModel ...` binds them from anywhere;
/// relative paths (a hand-edited or moved manifest) are read relative to the manifest's folder.
/// </summary>
public static class ManifestCsv
{
    /// <summary>Writes rows atomically (temporary name, fsync, rename); columns are the record's public properties.</summary>
    public static void Write<T>(string path, IEnumerable<T> rows)
    {
        var full = System.IO.Path.GetFullPath(path);
        var props = typeof(T).GetProperties().Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", props.Select(p => Quote(p.Name))));
        foreach (var row in rows)
        {
            sb.AppendLine(string.Join(",", props.Select(p =>
            {
                var v = p.GetValue(row);
                return Quote(v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v?.ToString() ?? "");
            })));
        }
        AtomicFile.WriteAllText(full, sb.ToString());
    }

    /// <summary>Reads a manifest: each row as column name -> value, with *Path columns resolved to full paths.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        var lines = File.ReadAllLines(full).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidDataException($"{path}: empty manifest (no header)");
        var header = Parse(lines[0]);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        for (int i = 1; i < lines.Count; i++)
        {
            var cells = Parse(lines[i]);
            if (cells.Count != header.Count) throw new InvalidDataException($"{path}: line {i + 1} has {cells.Count} cells, the header {header.Count}");
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int c = 0; c < header.Count; c++)
            {
                var v = cells[c];
                if (header[c].EndsWith("Path", StringComparison.OrdinalIgnoreCase) && v.Length > 0) v = System.IO.Path.GetFullPath(v, dir);
                row[header[c]] = v;
            }
            rows.Add(row);
        }
        return rows;
    }

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";

    private static List<string> Parse(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
