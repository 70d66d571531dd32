namespace AcousticAnomaly.Audio;

/// <summary>
/// Streams samples from a RIFF/WAVE or RF64 file: PCM 8/16/24/32-bit, IEEE float 32/64, plain or
/// WAVE_FORMAT_EXTENSIBLE, any channel count. Holds one small buffer, so files larger than memory work.
/// Validation rules are listed on <c>WavHeader</c>. Not thread-safe: one reader per thread.
/// </summary>
public sealed class WavReader : IAudioReader
{
    private const int TargetBufferBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly WavHeader _header;
    private readonly byte[] _buffer;
    private readonly int _bufferFrames;
    private long _position;

    private WavReader(Stream stream, WavHeader header, string path)
    {
        _stream = stream;
        _header = header;
        Path = path;
        _bufferFrames = Math.Max(1, TargetBufferBytes / header.BlockAlign);
        _buffer = new byte[_bufferFrames * header.BlockAlign];
        _stream.Position = header.DataOffset;
    }

    /// <summary>
    /// Opens and validates a WAV file. Throws <see cref="AudioFileException"/> naming the file and the problem.
    /// The file is shared for reading and writing so a recording still in progress can be read up to its last header update.
    /// </summary>
    public static WavReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = OpenStream(path);
        try
        {
            return new WavReader(stream, WavHeader.Read(stream, path), path);
        }
        catch (Exception e)
        {
            stream.Dispose();
            if (e is AudioFileException) throw;
            if (e is EndOfStreamException) throw new AudioFileException(path, "file ended while reading the header (truncated file?)", e);
            if (e is IOException) throw new AudioFileException(path, $"read error: {e.Message}", e);
            throw;
        }
    }

    public string Path { get; }
    public AudioFormat Format => _header.Format;
    public long TotalFrames => _header.Frames;
    public long Position => _position;

    /// <summary>True when the header held a streaming writer's placeholder size, so the data was read to the end of the file.</summary>
    public bool LengthFromFileSize => _header.LengthFromFileSize;

    /// <summary>
    /// What the file holds beyond what this reader returns (samples past the declared data size, a second data chunk),
    /// or null when the header accounts for every byte. Callers that delete the file after copying it check this first.
    /// </summary>
    public string? DescribeUndeclaredBytes()
    {
        long keep = _stream.Position;
        try { return _header.DescribeUndeclaredBytes(_stream); }
        catch (IOException e) { throw new AudioFileException(Path, $"read error: {e.Message}", e); }
        finally { _stream.Position = keep; }
    }

    /// <summary>True for RF64/BW64 files (64-bit sizes in a ds64 chunk).</summary>
    public bool IsRf64 => _header.IsRf64;

    public int Read(Span<float> destination)
    {
        int channels = Format.Channels;
        CheckDestination(destination.Length, channels);
        int total = 0;
        int wanted = destination.Length / channels;
        while (total < wanted)
        {
            int frames = Fill(wanted - total);
            if (frames == 0) break;
            PcmCodec.DecodeToFloat(_buffer.AsSpan(0, frames * _header.BlockAlign),
                destination.Slice(total * channels, frames * channels), Format.BitsPerSample, Format.Encoding);
            total += frames;
        }
        return total;
    }

    public int ReadInt32(Span<int> destination)
    {
        if (Format.Encoding != SampleEncoding.Pcm)
            throw new NotSupportedException($"{Path}: integer reads need a PCM source; this file holds {Format.BitsPerSample}-bit IEEE float");
        int channels = Format.Channels;
        CheckDestination(destination.Length, channels);
        int total = 0;
        int wanted = destination.Length / channels;
        while (total < wanted)
        {
            int frames = Fill(wanted - total);
            if (frames == 0) break;
            PcmCodec.DecodeToInt32(_buffer.AsSpan(0, frames * _header.BlockAlign),
                destination.Slice(total * channels, frames * channels), Format.BitsPerSample);
            total += frames;
        }
        return total;
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>Reads up to <paramref name="maxFrames"/> whole frames into the buffer; returns how many.</summary>
    private int Fill(int maxFrames)
    {
        int frames = (int)Math.Min(Math.Min(maxFrames, _bufferFrames), TotalFrames - _position);
        if (frames <= 0) return 0;
        int bytes = frames * _header.BlockAlign;
        int got;
        try
        {
            got = _stream.ReadAtLeast(_buffer.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new AudioFileException(Path, $"read error at frame {_position}: {e.Message}", e);
        }
        if (got < bytes)
        {
            // The header was checked against the file length at open, so this file shrank while we read it.
            throw new AudioFileException(Path,
                $"file ended at frame {_position + got / _header.BlockAlign} of the {TotalFrames} its header declares (truncated while reading?)");
        }
        _position += frames;
        return frames;
    }

    private void CheckDestination(int length, int channels)
    {
        // An empty destination asks for nothing (0, as Stream.Read does); one too small for a frame is a caller bug
        // that would otherwise look like end of file and could spin a read loop.
        if (length > 0 && length < channels)
            throw new ArgumentException($"destination holds {length} samples, less than one frame of {channels} channels", "destination");
    }

    private static FileStream OpenStream(string path)
    {
        if (!IO.SeekableFile.CanSeek(path)) throw new AudioFileException(path, IO.SeekableFile.Problem);
        try
        {
            // bufferSize 1: we keep our own buffer; ReadWrite|Delete sharing lets recordings in progress be read.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        }
        catch (FileNotFoundException e) { throw new AudioFileException(path, "file not found", e); }
        catch (DirectoryNotFoundException e) { throw new AudioFileException(path, "file not found", e); }
        catch (UnauthorizedAccessException e) { throw new AudioFileException(path, Directory.Exists(path) ? "is a directory, not a file" : "access denied", e); }
        catch (IOException e) { throw new AudioFileException(path, $"cannot open: {e.Message}", e); }
    }
}
