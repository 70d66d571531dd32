using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Rate, channels and length of a clip from its header alone. A WAV header is parsed from one buffered 4 KiB read
/// (the streaming reader reads unbuffered and allocates its 64 KiB sample buffer, which dominates a scan of thousands
/// of short clips); FLAC goes through <see cref="AudioFile.Open"/>, which reads only STREAMINFO before the first Read.
/// </summary>
internal static class AudioHeader
{
    public static (AudioFormat Format, long Frames) Read(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096);
            if (fs.Length == 0) throw new AudioFileException(path, "file is empty");
            Span<byte> magic = stackalloc byte[4];
            int got = fs.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            if (got == 4 && (magic.SequenceEqual("RIFF"u8) || magic.SequenceEqual("RF64"u8) || magic.SequenceEqual("BW64"u8)))
            {
                fs.Position = 0;
                var header = WavHeader.Read(fs, path);
                return (header.Format, header.Frames);
            }
        }
        catch (EndOfStreamException e) { throw new AudioFileException(path, "file ended while reading the header (truncated file?)", e); }
        catch (UnauthorizedAccessException e) { throw new AudioFileException(path, "access denied", e); }
        catch (IOException e) when (e is not EndOfStreamException) { throw new AudioFileException(path, $"cannot open: {e.Message}", e); }
        using var reader = AudioFile.Open(path);
        return (reader.Format, reader.TotalFrames);
    }
}
