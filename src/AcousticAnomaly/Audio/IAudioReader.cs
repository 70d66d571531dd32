namespace AcousticAnomaly.Audio;

/// <summary>
/// A streaming reader over one audio file. Reads never load the whole file, so files larger than memory work.
/// </summary>
public interface IAudioReader : IDisposable
{
    /// <summary>The file being read (for error messages).</summary>
    string Path { get; }

    /// <summary>Rate, channels and source encoding.</summary>
    AudioFormat Format { get; }

    /// <summary>Total frames in the file as declared by its header (WAV data size or FLAC STREAMINFO).</summary>
    long TotalFrames { get; }

    /// <summary>Frames already returned by the Read calls.</summary>
    long Position { get; }

    /// <summary>
    /// Reads up to <c>destination.Length / Channels</c> frames of interleaved samples scaled to [-1, 1).
    /// Returns the number of frames read; 0 at the end. Throws <see cref="AudioFileException"/> on corrupt data.
    /// </summary>
    int Read(Span<float> destination);

    /// <summary>
    /// Reads up to <c>destination.Length / Channels</c> frames of interleaved integer samples, right-justified at the
    /// source bit depth (16-bit gives -32768..32767). Only for integer PCM sources; float sources throw
    /// <see cref="NotSupportedException"/>. Used for lossless paths such as FLAC encoding.
    /// </summary>
    int ReadInt32(Span<int> destination);
}
