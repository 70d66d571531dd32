namespace AcousticAnomaly.IO;

/// <summary>
/// Audio is read with seeks (headers, chunk walks, FLAC metadata), so a pipe or FIFO given as a file cannot be read;
/// worse, opening a FIFO nobody writes to blocks for ever. This asks without blocking (open with O_NONBLOCK, then
/// lseek), so such inputs are refused at once with a clear message and the other files go on.
/// </summary>
internal static class SeekableFile
{
    /// <summary>
    /// True when <paramref name="path"/> can be read with seeks (regular files; also when the question cannot be asked,
    /// e.g. on Windows or a missing file, leaving the normal open to report).
    /// </summary>
    public static bool CanSeek(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        int fd = LibC.Open(path, LibC.NonBlock /* | O_RDONLY (0) */);
        if (fd < 0) return true;
        try
        {
            return LibC.Lseek(fd, 0, 2 /* SEEK_END */) >= 0;
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    /// <summary>The problem text for an input that cannot seek.</summary>
    public const string Problem = "is a pipe or FIFO, not a regular file: audio files are read with seeks, so save the stream to a file first (e.g. `cat > clip.wav`)";
}
