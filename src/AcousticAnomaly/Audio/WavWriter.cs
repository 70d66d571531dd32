using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace AcousticAnomaly.Audio;

/// <summary>
/// Writes a WAV file so that it is valid on disk at all times, give or take the last moments.
/// </summary>
/// <remarks>
/// <para>Crash safety: buffered samples are handed to the OS and the RIFF/data sizes in the header are rewritten at
/// least every <see cref="HeaderUpdateInterval"/> (0.5 s) while there is unsaved audio - checked on every write
/// and by a timer, so a writer that is killed, or that stalls between writes, leaves a readable file missing at most
/// the last interval. The header is rewritten with one positional write, after the samples it counts are written.
/// Dispose and Commit also fsync. Always dispose a writer: its timer keeps an abandoned one alive.</para>
/// <para>Layout: RIFF, WAVE, a 28-byte JUNK chunk, fmt (PCM: 16 bytes, tag 1; float: 18 bytes, tag 3, plus a fact
/// chunk), data. When the file outgrows 4 GiB the JUNK chunk becomes a ds64 chunk and the file becomes RF64
/// (EBU Tech 3306), so long recordings never wrap their 32-bit sizes.</para>
/// <para>Two ways to create: the constructor writes in place (Dispose finalises whatever was written, which suits
/// recordings); <see cref="CreateAtomic"/> writes to a temporary name beside the target and only <see cref="Commit"/>
/// renames it into place (Dispose without Commit deletes the temporary), which suits converters that must never leave
/// a half-written output under the real name.</para>
/// </remarks>
public sealed class WavWriter : IDisposable
{
    private const int BufferBytes = 1 << 16;
    private const int JunkOffset = 12;
    private const int FmtOffset = 48;

    private readonly object _gate = new();
    private readonly FileStream _file;
    private readonly string? _tempPath;
    private readonly byte[] _buffer; // rented: a recorder opens a file a minute per device for days
    private readonly int _bufferBytes;
    private readonly byte[] _header;
    private readonly int _blockAlign;
    private readonly int _dataSizeOffset;
    private readonly int _factOffset;
    private readonly Stopwatch _sinceHeaderUpdate = Stopwatch.StartNew();
    private readonly Timer _timer;
    private int _buffered;
    private long _flushedBytes;
    private bool _dirty;
    private bool _rf64;
    private bool _closed;
    private Exception? _backgroundError;

    /// <summary>Creates (or overwrites) <paramref name="path"/> and writes a header for an empty file.</summary>
    public WavWriter(string path, int sampleRate, int channels, WavSampleFormat format)
        : this(path, path, sampleRate, channels, format)
    {
    }

    private WavWriter(string finalPath, string writePath, int sampleRate, int channels, WavSampleFormat format)
    {
        ArgumentNullException.ThrowIfNull(finalPath);
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "must be positive");
        int bytes = format switch
        {
            WavSampleFormat.Pcm16 => 2,
            WavSampleFormat.Pcm24 => 3,
            WavSampleFormat.Pcm32 or WavSampleFormat.Float32 => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        if (channels <= 0 || channels * bytes > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be 1 or more and fit a 16-bit block align");

        Path = finalPath;
        SampleFormat = format;
        Format = new AudioFormat(sampleRate, channels, bytes * 8,
            format == WavSampleFormat.Float32 ? SampleEncoding.Float : SampleEncoding.Pcm);
        _blockAlign = channels * bytes;
        _tempPath = writePath == finalPath ? null : writePath;
        _bufferBytes = Math.Max(_blockAlign, BufferBytes / _blockAlign * _blockAlign);
        _buffer = ArrayPool<byte>.Shared.Rent(_bufferBytes);

        bool isFloat = format == WavSampleFormat.Float32;
        _header = BuildHeader(Format, _blockAlign, isFloat, out _dataSizeOffset, out _factOffset);

        _file = new FileStream(writePath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            RandomAccess.Write(_file.SafeFileHandle, _header, 0);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
        var interval = HeaderUpdateInterval;
        _timer = new Timer(_ => OnTimer(), null, interval, interval);
    }

    /// <summary>
    /// Writes to a temporary file beside <paramref name="path"/>; <see cref="Commit"/> renames it over
    /// <paramref name="path"/>. Disposing without committing deletes the temporary file.
    /// </summary>
    public static WavWriter CreateAtomic(string path, int sampleRate, int channels, WavSampleFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        var temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!,
            $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        return new WavWriter(full, temp, sampleRate, channels, format);
    }

    /// <summary>The file this writer produces (for an atomic writer, the name it gets on <see cref="Commit"/>).</summary>
    public string Path { get; }

    /// <summary>Where bytes are going now: <see cref="Path"/>, or the temporary file of an atomic writer.</summary>
    public string WritePath => _tempPath ?? Path;

    public AudioFormat Format { get; }
    public WavSampleFormat SampleFormat { get; }

    /// <summary>The longest time unsaved samples wait before they and the header reach the OS. Fixed at 0.5 s.</summary>
    public static TimeSpan HeaderUpdateInterval => TimeSpan.FromMilliseconds(500);

    /// <summary>RIFF size beyond which the file switches to RF64. Tests lower it to exercise RF64 without 4 GiB files.</summary>
    internal long Rf64ThresholdBytes { get; set; } = uint.MaxValue - 1;

    /// <summary>Frames accepted so far.</summary>
    public long FramesWritten
    {
        get { lock (_gate) return (_flushedBytes + _buffered) / _blockAlign; }
    }

    /// <summary>Writes interleaved samples in [-1, 1); PCM targets are clamped and rounded (half to even).</summary>
    public void Write(ReadOnlySpan<float> samples)
    {
        CheckFrames(samples.Length);
        int bytesPerSample = _blockAlign / Format.Channels;
        lock (_gate)
        {
            ThrowIfUnusable();
            while (!samples.IsEmpty)
            {
                int n = Math.Min(samples.Length, (_bufferBytes - _buffered) / bytesPerSample);
                PcmCodec.EncodeFloat(samples[..n], _buffer.AsSpan(_buffered, n * bytesPerSample), SampleFormat);
                _buffered += n * bytesPerSample;
                samples = samples[n..];
                if (_buffered == _bufferBytes) FlushBuffer();
            }
            AfterWrite();
        }
    }

    /// <summary>
    /// Writes interleaved integers right-justified at the target depth (Pcm16: -32768..32767). Values that do not fit
    /// throw <see cref="ArgumentOutOfRangeException"/> (nothing of that call is written); Float32 targets throw
    /// <see cref="NotSupportedException"/>.
    /// </summary>
    public void WriteInt32(ReadOnlySpan<int> samples)
    {
        if (SampleFormat == WavSampleFormat.Float32)
            throw new NotSupportedException($"{WritePath}: integer samples cannot be written to a Float32 file");
        CheckFrames(samples.Length);
        int bytesPerSample = _blockAlign / Format.Channels;
        lock (_gate)
        {
            ThrowIfUnusable();
            // Checked up front so a bad value rejects the whole call rather than half of it.
            PcmCodec.CheckRange(samples, SampleFormat);
            while (!samples.IsEmpty)
            {
                int n = Math.Min(samples.Length, (_bufferBytes - _buffered) / bytesPerSample);
                PcmCodec.EncodeInt32(samples[..n], _buffer.AsSpan(_buffered, n * bytesPerSample), SampleFormat);
                _buffered += n * bytesPerSample;
                samples = samples[n..];
                if (_buffered == _bufferBytes) FlushBuffer();
            }
            AfterWrite();
        }
    }

    /// <summary>Hands buffered samples to the OS and rewrites the header sizes now.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            SaveProgress();
        }
    }

    /// <summary>
    /// Finishes the file: pad byte, final sizes, flushed to disk, closed. For an atomic writer, then renames the
    /// temporary file over <see cref="Path"/>. The writer cannot be used afterwards.
    /// </summary>
    public void Commit()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            Finish();
        }
        if (_tempPath is not null) File.Move(_tempPath, Path, overwrite: true);
    }

    /// <summary>
    /// In-place writers: finalises the file as <see cref="Commit"/> does. Atomic writers not committed: deletes the
    /// temporary file, leaving <see cref="Path"/> untouched.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed) return;
            if (_tempPath is null)
            {
                Finish();
                return;
            }
            _closed = true;
            _timer.Dispose();
            _file.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        try { File.Delete(_tempPath); }
        catch (IOException) { } // best effort: the temporary name never shadows the real output
        catch (UnauthorizedAccessException) { }
    }

    private void Finish()
    {
        _closed = true;
        _timer.Dispose();
        try
        {
            try
            {
                FlushBuffer();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Disk full: the header is rewritten in place (no new space needed) to cover what reached the disk,
                // so the file stays valid; then the caller hears the error.
                TryWriteHeader();
                throw;
            }
            long dataBytes = _flushedBytes;
            if ((dataBytes & 1) == 1)
            {
                RandomAccess.Write(_file.SafeFileHandle, new byte[1], _header.Length + dataBytes);
            }
            WriteHeader(padded: true);
            _file.Flush(flushToDisk: true);
        }
        finally
        {
            _file.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    private void TryWriteHeader()
    {
        try { WriteHeader(padded: false); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the header of the last progress save stands */ }
    }

    private void AfterWrite()
    {
        _dirty = true;
        if (_sinceHeaderUpdate.Elapsed >= HeaderUpdateInterval) SaveProgress();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_closed || !_dirty || _backgroundError is not null) return;
            try
            {
                SaveProgress();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Reported by the next call on the writing thread; a timer thread has no one to tell.
                _backgroundError = e;
            }
        }
    }

    private void SaveProgress()
    {
        FlushBuffer();
        WriteHeader(padded: false);
        _dirty = false;
        _sinceHeaderUpdate.Restart();
    }

    private void FlushBuffer()
    {
        if (_buffered == 0) return;
        try
        {
            RandomAccess.Write(_file.SafeFileHandle, _buffer.AsSpan(0, _buffered), _header.Length + _flushedBytes);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // EFBIG (a FAT32 stick's 4 GiB, a quota, ulimit -f) surfaces from .NET as an argument error; it is a
            // write failure like a full disk, and callers handle those as IOException.
            throw new IOException($"{WritePath}: the file reached the largest size this file system or limit allows ({e.Message})", e);
        }
        _flushedBytes += _buffered;
        _buffered = 0;
    }

    /// <summary>Rewrites the whole header in one positional write, counting only samples already written.</summary>
    private void WriteHeader(bool padded)
    {
        long dataBytes = _flushedBytes;
        long frames = dataBytes / _blockAlign;
        long riffSize = _header.Length - 8 + dataBytes + (padded ? dataBytes & 1 : 0);
        var h = _header.AsSpan();
        if (!_rf64 && riffSize > Rf64ThresholdBytes) _rf64 = true;
        if (_rf64)
        {
            Encoding.ASCII.GetBytes("RF64", h[0..4]);
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], uint.MaxValue);
            Encoding.ASCII.GetBytes("ds64", h[JunkOffset..(JunkOffset + 4)]);
            BinaryPrimitives.WriteInt64LittleEndian(h[(JunkOffset + 8)..], riffSize);
            BinaryPrimitives.WriteInt64LittleEndian(h[(JunkOffset + 16)..], dataBytes);
            BinaryPrimitives.WriteInt64LittleEndian(h[(JunkOffset + 24)..], frames);
            BinaryPrimitives.WriteUInt32LittleEndian(h[_dataSizeOffset..], uint.MaxValue);
            if (_factOffset > 0) BinaryPrimitives.WriteUInt32LittleEndian(h[_factOffset..], uint.MaxValue);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)riffSize);
            BinaryPrimitives.WriteUInt32LittleEndian(h[_dataSizeOffset..], (uint)dataBytes);
            if (_factOffset > 0) BinaryPrimitives.WriteUInt32LittleEndian(h[_factOffset..], (uint)frames);
        }
        RandomAccess.Write(_file.SafeFileHandle, _header, 0);
    }

    private static byte[] BuildHeader(AudioFormat format, int blockAlign, bool isFloat, out int dataSizeOffset, out int factOffset)
    {
        int fmtSize = isFloat ? 18 : 16;
        int length = FmtOffset + 8 + fmtSize + (isFloat ? 12 : 0) + 8;
        var h = new byte[length];
        var s = h.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", s[0..]);
        Encoding.ASCII.GetBytes("WAVE", s[8..]);
        // Reserved space for a ds64 chunk, should the file need RF64 later (EBU Tech 3306).
        Encoding.ASCII.GetBytes("JUNK", s[JunkOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(JunkOffset + 4)..], 28);

        int p = FmtOffset;
        Encoding.ASCII.GetBytes("fmt ", s[p..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(p + 4)..], (uint)fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(p + 8)..], isFloat ? WavFormatTag.IeeeFloat : WavFormatTag.Pcm);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(p + 10)..], (ushort)format.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(p + 12)..], (uint)format.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(p + 16)..], (uint)Math.Min(uint.MaxValue, (long)format.SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(s[(p + 20)..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(p + 22)..], (ushort)format.BitsPerSample);
        p += 8 + fmtSize; // an 18-byte float fmt ends with cbSize = 0, already zero

        factOffset = 0;
        if (isFloat)
        {
            // Non-PCM formats need a fact chunk holding the frame count.
            Encoding.ASCII.GetBytes("fact", s[p..]);
            BinaryPrimitives.WriteUInt32LittleEndian(s[(p + 4)..], 4);
            factOffset = p + 8;
            p += 12;
        }
        Encoding.ASCII.GetBytes("data", s[p..]);
        dataSizeOffset = p + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)(length - 8)); // RIFF size of an empty file
        return h;
    }

    private void CheckFrames(int samples)
    {
        if (samples % Format.Channels != 0)
            throw new ArgumentException($"{samples} samples is not a whole number of {Format.Channels}-channel frames", nameof(samples));
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_backgroundError is not null)
            throw new IOException($"{WritePath}: an earlier background header update failed: {_backgroundError.Message}", _backgroundError);
    }
}
