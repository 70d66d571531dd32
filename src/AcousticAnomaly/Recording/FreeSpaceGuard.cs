namespace AcousticAnomaly.Recording;

/// <summary>
/// The low-disk guard of a recording (issue 15 item 16): once a second it reads the free space of the output folder's
/// file system and throws an <see cref="IOException"/> below the minimum, so the recorder stops every device cleanly
/// while there is still room to finalise the files - rather than meet a full disk mid-write.
/// </summary>
internal sealed class FreeSpaceGuard
{
    private readonly string _directory;
    private readonly long _minimum;
    private long _nextCheck;

    public FreeSpaceGuard(string directory, long minimum)
    {
        _directory = directory;
        _minimum = minimum;
    }

    public void Check()
    {
        if (_minimum <= 0) return;
        long now = Environment.TickCount64;
        if (now < _nextCheck) return;
        _nextCheck = now + 1000;
        long free = FreeBytes(_directory);
        if (free < _minimum)
            throw new IOException($"free space in {_directory} fell to {Megabytes(free)}, below the minimum of {Megabytes(_minimum)} (MinFreeSpace)");
    }

    /// <summary>Free bytes for an unprivileged writer on the file system holding the folder.</summary>
    public static long FreeBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
