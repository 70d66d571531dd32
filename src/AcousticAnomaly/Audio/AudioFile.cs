namespace AcousticAnomaly.Audio;

/// <summary>The one entry point for reading audio files: WAV (RIFF/RF64) or FLAC, chosen by content, not extension.</summary>
public static class AudioFile
{
    /// <summary>Opens a streaming reader. Throws <see cref="AudioFileException"/> naming the file and the problem.</summary>
    public static IAudioReader Open(string path)
    {
        throw new NotImplementedException("filled in by the Audio work");
    }

    /// <summary>Reads a whole file into memory.</summary>
    public static AudioBuffer ReadAll(string path)
    {
        throw new NotImplementedException("filled in by the Audio work");
    }
}
