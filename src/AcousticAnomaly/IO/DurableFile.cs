using System.Runtime.InteropServices;

namespace AcousticAnomaly.IO;

/// <summary>
/// fsync for files and folders. A rename is only durable once the folder holding it is synced, and a file's bytes only
/// once the file is: without both, a power cut after "write temp, rename, delete source" can lose the new file and the
/// source together. The order callers follow: write temp, <see cref="SyncFile"/>, rename, <see cref="SyncDirectory"/>,
/// then delete the source.
/// </summary>
internal static class DurableFile
{
    /// <summary>Every sync done, in order ("file:PATH" / "dir:PATH"); tests use it to check the order of operations.</summary>
    internal static event Action<string>? Synced;

    /// <summary>Flushes a closed file's data and metadata to the disk.</summary>
    public static void SyncFile(string path)
    {
        // ReadWrite: .NET only issues fsync for handles opened for writing. FileMode.Open never truncates.
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1))
            fs.Flush(flushToDisk: true);
        Synced?.Invoke("file:" + path);
    }

    /// <summary>
    /// Makes renames and new names in a folder durable (fsync on the folder). Windows has no such call (NTFS journals
    /// the rename itself), so there it only reports.
    /// </summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            int fd = LibC.Open(directory, 0 /* O_RDONLY */);
            if (fd < 0)
                throw new IOException($"{directory}: cannot open the folder to sync it (errno {Marshal.GetLastPInvokeError()}).");
            try
            {
                if (LibC.Fsync(fd) != 0)
                    throw new IOException($"{directory}: syncing the folder failed (errno {Marshal.GetLastPInvokeError()}).");
            }
            finally
            {
                _ = LibC.Close(fd);
            }
        }
        Synced?.Invoke("dir:" + directory);
    }

    /// <summary>Renames <paramref name="temp"/> to <paramref name="target"/> durably: file synced before, folder after.</summary>
    public static void CommitRename(string temp, string target, bool overwrite)
    {
        SyncFile(temp);
        File.Move(temp, target, overwrite);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
    }
}
