using System.Text;

namespace AcousticAnomaly.IO;

/// <summary>
/// Writes a whole file or nothing: a temporary name in the same folder (so the rename stays on one file system and is
/// atomic), flushed to disk, then renamed over the target. A crash leaves either the old file or the new one.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            DurableFile.SyncDirectory(dir); // the rename itself must survive a power cut too
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"{path}: cannot write ({e.Message})", e);
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> the same way: whole or not at all.</summary>
    public static void Copy(string source, string target, bool overwrite)
    {
        string full = Path.GetFullPath(target);
        if (!overwrite && File.Exists(full)) throw new IOException($"{target}: already exists");
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read))
            using (var to = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                from.CopyTo(to);
                to.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"{target}: cannot copy {source} ({e.Message})", e);
        }
    }

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
