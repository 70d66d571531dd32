namespace AcousticAnomaly.Audio;

/// <summary>A file that cannot be read as audio. The message always names the file and says what is wrong.</summary>
public sealed class AudioFileException : Exception
{
    public AudioFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
