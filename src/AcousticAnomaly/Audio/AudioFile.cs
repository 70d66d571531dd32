namespace AcousticAnomaly.Audio;

/// <summary>The one entry point for reading audio files: WAV (RIFF/RF64) or FLAC, chosen by content, not extension.</summary>
public static class AudioFile
{
    /// <summary>Opens a streaming reader. Throws <see cref="AudioFileException"/> naming the file and the problem.</summary>
    public static IAudioReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Span<byte> magic = stackalloc byte[4];
        int got;
        try
        {
            if (Directory.Exists(path)) throw new AudioFileException(path, "is a directory, not a file");
            if (!File.Exists(path)) throw new AudioFileException(path, "file not found");
            if (!IO.SeekableFile.CanSeek(path)) throw new AudioFileException(path, IO.SeekableFile.Problem);
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            if (probe.Length == 0) throw new AudioFileException(path, "file is empty");
            got = probe.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        }
        catch (FileNotFoundException e) { throw new AudioFileException(path, "file not found", e); }
        catch (DirectoryNotFoundException e) { throw new AudioFileException(path, "file not found", e); }
        catch (UnauthorizedAccessException e) { throw new AudioFileException(path, "access denied", e); }
        catch (IOException e) { throw new AudioFileException(path, $"cannot open: {e.Message}", e); }

        var head = magic[..got];
        if (head.SequenceEqual("RIFF"u8) || head.SequenceEqual("RF64"u8) || head.SequenceEqual("BW64"u8))
            return WavReader.Open(path);
        if (head.SequenceEqual("fLaC"u8))
            return Flac.FlacReader.Open(path);
        throw new AudioFileException(path, $"not a WAV or FLAC file (starts with {WavHeader.DescribeBytes(head)})");
    }

    /// <summary>
    /// Reads a whole file into memory. Files whose samples would not fit one .NET array (about 2^31 floats) or the
    /// memory available are refused with an <see cref="AudioFileException"/>; stream those with <see cref="Open"/>.
    /// </summary>
    public static AudioBuffer ReadAll(string path)
    {
        using var reader = Open(path);
        int channels = reader.Format.Channels;
        long maxFrames = Array.MaxLength / channels;
        if (reader.TotalFrames > maxFrames)
            throw TooLarge(path, reader.TotalFrames, channels);

        float[] samples = Allocate(path, Math.Max(reader.TotalFrames, 1024) * channels, reader.TotalFrames, channels);
        long frames = 0;
        while (true)
        {
            if (frames * channels == samples.Length)
            {
                // Only readers whose header undercounts (e.g. FLAC with unknown length) get here.
                long grown = Math.Min(maxFrames, frames * 2) * channels;
                if (grown <= samples.Length) throw TooLarge(path, frames + 1, channels);
                var bigger = Allocate(path, grown, frames, channels);
                Array.Copy(samples, bigger, samples.Length);
                samples = bigger;
            }
            int n = reader.Read(samples.AsSpan((int)(frames * channels)));
            if (n == 0) break;
            frames += n;
        }
        if (frames * channels != samples.Length) Array.Resize(ref samples, (int)(frames * channels));
        return new AudioBuffer(reader.Format, samples);
    }

    private static float[] Allocate(string path, long length, long frames, int channels)
    {
        try
        {
            return new float[length];
        }
        catch (OutOfMemoryException e)
        {
            throw new AudioFileException(path, $"not enough memory to read {frames} frames x {channels} channels at once; stream the file instead", e);
        }
    }

    private static AudioFileException TooLarge(string path, long frames, int channels) =>
        new(path, $"too large to read into memory ({frames} frames x {channels} channels exceeds one array); stream the file instead");
}
