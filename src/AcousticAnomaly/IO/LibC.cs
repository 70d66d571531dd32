using System.Runtime.InteropServices;

namespace AcousticAnomaly.IO;

/// <summary>The few POSIX calls .NET does not expose: fsync on a folder, and opening without blocking to ask about a file.</summary>
internal static partial class LibC
{
    /// <summary>O_NONBLOCK: 0x800 on Linux (x64 and arm64), 0x4 on macOS.</summary>
    public static int NonBlock => OperatingSystem.IsMacOS() ? 0x4 : 0x800;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long Lseek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
