using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Features;

/// <summary>
/// The one way a failure to read a file or extract its features becomes the per-file error that callers scoring,
/// training on or picturing many files report before going on with the others.
/// </summary>
public static class ExtractionError
{
    /// <summary>
    /// <paramref name="error"/> as an <see cref="AudioFileException"/> naming <paramref name="path"/>: one already naming
    /// its file is kept; any other (a <see cref="ClipTooShortException"/>, a channel the file lacks, an I/O error) is
    /// wrapped with its own message as the problem.
    /// </summary>
    public static AudioFileException ForFile(string path, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error as AudioFileException ?? new AudioFileException(path, error.Message, error);
    }
}
