using System.Buffers.Binary;
using System.Text;

namespace AcousticAnomaly.Audio;

/// <summary>
/// The parsed header of a RIFF/WAVE (or RF64/BW64) file: its format and where the sample data lies.
/// Parsing reads only chunk headers and the fmt/ds64 payloads, never the data, and never allocates from a declared
/// size, so a hostile header cannot make it allocate or spin.
/// </summary>
/// <remarks>
/// Rules (each failure is an <see cref="AudioFileException"/> naming the problem):
/// the fmt chunk must come before the data chunk (the RIFF WAVE spec says so, and a streaming reader cannot seek past
/// gigabytes of data to look for it); every chunk before data must fit inside the RIFF chunk and the file; the data
/// chunk must fit inside the file; bytes after the data chunk are never looked at (a killed writer's unflushed tail,
/// LIST chunks at the end, junk); a trailing partial frame is ignored, as sox and libsndfile do; the RIFF size may
/// exceed the file by at most one byte (a missing final pad byte) - more means the file was truncated; a data or RIFF
/// size of 0, 0xFFFFFFFF or sox's 0x7FFFF000 that disagrees with the file is a streaming writer's placeholder, and the
/// data then runs to the end of the file (as sox and libsndfile read it).
/// </remarks>
internal sealed class WavHeader
{
    private const long MaxFmtBytesRead = 40; // WAVE_FORMAT_EXTENSIBLE is the longest layout we read

    private WavHeader(AudioFormat format, int blockAlign, long dataOffset, long dataLength, bool isRf64, bool lengthFromFileSize = false)
    {
        LengthFromFileSize = lengthFromFileSize;
        Format = format;
        BlockAlign = blockAlign;
        DataOffset = dataOffset;
        DataLength = dataLength;
        IsRf64 = isRf64;
    }

    public AudioFormat Format { get; }
    public int BlockAlign { get; }
    public int BytesPerSample => Format.BitsPerSample / 8;

    /// <summary>File offset of the first sample byte.</summary>
    public long DataOffset { get; }

    /// <summary>Data bytes as declared (already checked to fit in the file).</summary>
    public long DataLength { get; }

    public long Frames => DataLength / BlockAlign;

    /// <summary>True when the header carried a streaming placeholder size and the data was taken to run to the end of the file.</summary>
    public bool LengthFromFileSize { get; }
    public bool IsRf64 { get; }

    public static WavHeader Read(Stream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength == 0) throw Fail(path, "file is empty");
        if (fileLength < 12)
            throw Fail(path, $"truncated header: the file has {fileLength} bytes, a WAV header needs at least 12");

        Span<byte> head = stackalloc byte[12];
        stream.Position = 0;
        stream.ReadExactly(head);
        var magic = FourCc(head[..4]);
        bool rf64 = magic is "RF64" or "BW64";
        if (magic != "RIFF" && !rf64)
            throw Fail(path, $"not a RIFF/WAVE file (starts with {DescribeBytes(head[..4])})");
        if (FourCc(head[8..12]) != "WAVE")
            throw Fail(path, $"RIFF form type is '{FourCc(head[8..12])}', not 'WAVE'");

        long riffSize = BinaryPrimitives.ReadUInt32LittleEndian(head[4..8]);
        long pos = 12;
        long? ds64DataSize = null;
        if (rf64)
        {
            // RF64 (EBU Tech 3306): a ds64 chunk must come first and carries the 64-bit sizes.
            Span<byte> ds = stackalloc byte[32];
            if (fileLength < 12 + 32)
                throw Fail(path, $"truncated header: RF64 file of {fileLength} bytes is too short for its ds64 chunk");
            stream.ReadExactly(ds);
            if (FourCc(ds[..4]) != "ds64") throw Fail(path, $"RF64 file whose first chunk is '{FourCc(ds[..4])}', not 'ds64'");
            long dsSize = BinaryPrimitives.ReadUInt32LittleEndian(ds[4..8]);
            if (dsSize < 24) throw Fail(path, $"ds64 chunk too short ({dsSize} bytes, needs at least 24)");
            if (20 + dsSize > fileLength)
                throw Fail(path, $"ds64 chunk declares {dsSize} bytes but only {fileLength - 20} remain in the file");
            ulong riff64 = BinaryPrimitives.ReadUInt64LittleEndian(ds[8..16]);
            ulong data64 = BinaryPrimitives.ReadUInt64LittleEndian(ds[16..24]);
            if (riff64 > long.MaxValue / 2 || data64 > long.MaxValue / 2)
                throw Fail(path, $"ds64 chunk declares impossible sizes (RIFF {riff64}, data {data64} bytes)");
            if (riffSize == 0xFFFFFFFF) riffSize = (long)riff64;
            ds64DataSize = (long)data64;
            pos = 20 + dsSize + (dsSize & 1);
        }

        // Streaming writers (sox or ffmpeg to a pipe) cannot seek back to fill in sizes: they leave 0, 0xFFFFFFFF or sox's
        // 0x7FFFF024 in the RIFF size. Like sox and libsndfile, read such a file to its end.
        if (!rf64 && IsUnknownSize(riffSize, fileLength - 8)) riffSize = fileLength - 8;
        long declaredRiffEnd = 8 + riffSize;
        long riffEnd = Math.Min(declaredRiffEnd, fileLength);

        AudioFormat? format = null;
        int blockAlign = 0;
        Span<byte> chunkHeader = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[(int)MaxFmtBytesRead];
        while (true)
        {
            if (pos + 8 > riffEnd)
            {
                string where = riffEnd < fileLength
                    ? $" within the RIFF chunk's {riffSize} bytes (the file has {fileLength})"
                    : "";
                throw Fail(path, format is null ? $"no fmt chunk found{where}" : $"no data chunk found{where}");
            }

            stream.Position = pos;
            stream.ReadExactly(chunkHeader);
            var id = FourCc(chunkHeader[..4]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..8]);
            long payload = pos + 8;

            if (id == "data")
            {
                if (format is null) throw Fail(path, "data chunk comes before the fmt chunk (fmt must come first)");
                if (rf64 && size == 0xFFFFFFFF) size = ds64DataSize!.Value;
                long available = fileLength - payload;
                bool zeroButSamplesFollow = size == 0 && available >= blockAlign && !NextLooksLikeChunk(stream, payload, fileLength);
                if (zeroButSamplesFollow || (!rf64 && size > available && IsUnknownSize(size, available)))
                {
                    // A streaming writer's placeholder (or a writer killed before its first header update): the samples
                    // run to the end of the file, as sox and libsndfile read them.
                    return new WavHeader(format, blockAlign, payload, available, rf64, lengthFromFileSize: true);
                }
                if (size > available)
                    throw Fail(path, $"data chunk declares {size} bytes but only {available} bytes follow it in the file (truncated file?)");
                if (payload + size > declaredRiffEnd)
                    throw Fail(path, $"data chunk ({size} bytes at byte {payload}) extends past the end of the RIFF chunk ({riffSize} bytes)");
                // Checked last so that a truncated file gets the more specific chunk message above.
                // One byte of slack: writers often count the final pad byte of an odd-sized chunk and then omit it.
                if (declaredRiffEnd > fileLength + 1)
                    throw Fail(path, $"RIFF header declares {declaredRiffEnd} bytes but the file has only {fileLength} (truncated file?)");
                return new WavHeader(format, blockAlign, payload, size, rf64);
            }

            if (payload + size > riffEnd)
            {
                string container = riffEnd < fileLength ? "in the RIFF chunk" : "in the file";
                throw Fail(path, $"'{id}' chunk at byte {pos} declares {size} bytes but only {Math.Max(0, riffEnd - payload)} remain {container}" +
                                 (id == "fmt " && riffEnd == fileLength ? " (truncated header?)" : ""));
            }

            if (id == "fmt ")
            {
                if (format is not null) throw Fail(path, "more than one fmt chunk");
                if (size < 16) throw Fail(path, $"fmt chunk too short ({size} bytes, needs at least 16)");
                var fmtBytes = fmt[..(int)Math.Min(size, MaxFmtBytesRead)];
                stream.ReadExactly(fmtBytes);
                (format, blockAlign) = ParseFmt(fmtBytes, size, path);
            }

            pos = payload + size + (size & 1); // chunks are word-aligned: odd sizes are followed by a pad byte
        }
    }

    private static (AudioFormat, int) ParseFmt(ReadOnlySpan<byte> fmt, long size, string path)
    {
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        ushort effective = tag;
        if (tag == WavFormatTag.Extensible)
        {
            if (size < 40) throw Fail(path, $"WAVE_FORMAT_EXTENSIBLE fmt chunk too short ({size} bytes, needs 40)");
            var guid = fmt[24..40];
            if (!guid[2..].SequenceEqual(WavFormatTag.SubFormatGuidTail))
                throw Fail(path, $"WAVE_FORMAT_EXTENSIBLE with an unrecognised SubFormat GUID {new Guid(guid)}");
            effective = BinaryPrimitives.ReadUInt16LittleEndian(guid);
            if (effective is not (WavFormatTag.Pcm or WavFormatTag.IeeeFloat))
                throw Fail(path, $"unsupported SubFormat 0x{effective:X4} ({WavFormatTag.Name(effective)}) in WAVE_FORMAT_EXTENSIBLE; only PCM and IEEE float are supported");
        }
        else if (tag is not (WavFormatTag.Pcm or WavFormatTag.IeeeFloat))
        {
            throw Fail(path, $"unsupported format tag 0x{tag:X4} ({WavFormatTag.Name(tag)}); only PCM and IEEE float are supported");
        }

        if (channels == 0) throw Fail(path, "fmt chunk declares 0 channels");
        if (rate == 0) throw Fail(path, "fmt chunk declares a sample rate of 0");
        if (rate > int.MaxValue) throw Fail(path, $"fmt chunk declares an impossible sample rate of {rate}");
        if (AudioFormat.RateProblem(rate) is { } badRate) throw Fail(path, "fmt chunk " + badRate);

        var encoding = effective == WavFormatTag.IeeeFloat ? SampleEncoding.Float : SampleEncoding.Pcm;
        if (encoding == SampleEncoding.Pcm && bits is not (8 or 16 or 24 or 32))
            throw Fail(path, $"unsupported PCM bit depth {bits} (supported: 8, 16, 24, 32)");
        if (encoding == SampleEncoding.Float && bits is not (32 or 64))
            throw Fail(path, $"unsupported IEEE float bit depth {bits} (supported: 32, 64)");

        int expected = channels * (bits / 8);
        if (blockAlign != expected)
            throw Fail(path, $"block align {blockAlign} does not match {channels} channel(s) x {bits / 8} byte(s) = {expected}");

        return (new AudioFormat((int)rate, channels, bits, encoding), blockAlign);
    }

    /// <summary>
    /// Sizes a streaming writer leaves when it cannot seek back: 0, all ones, or sox's MS_UNSPEC (0x7FFFF000 for data,
    /// plus the header bytes for RIFF). Only taken as "unknown" when it disagrees with the file, so an exact size wins.
    /// </summary>
    private static bool IsUnknownSize(long declared, long actual) =>
        declared != actual && (declared is 0 or 0xFFFFFFFF || (declared >= 0x7FFFF000 && declared <= 0x7FFFF000 + 0x100));

    /// <summary>
    /// Describes bytes of the file that no reader of this header returns and that are not a well-formed trailing chunk:
    /// samples past the declared data size, or a second data chunk. Null when the header accounts for the whole file.
    /// An archive that deletes its source must not stop at the declared size when audio lies beyond it.
    /// </summary>
    public string? DescribeUndeclaredBytes(Stream stream)
    {
        long fileLength = stream.Length;
        long pos = DataOffset + DataLength + (DataLength & 1);
        Span<byte> h = stackalloc byte[8];
        while (fileLength - pos >= 8)
        {
            stream.Position = pos;
            stream.ReadExactly(h);
            string id = FourCc(h[..4]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(h[4..8]);
            if (id == "data")
                return $"a second data chunk of {size} bytes at byte {pos} that its readers skip";
            bool printable = true;
            foreach (var b in h[..4]) printable &= b is >= 0x20 and <= 0x7E;
            if (!printable || pos + 8 + size > fileLength)
                return $"{fileLength - pos} bytes after its data chunk (from byte {pos}) that the header does not declare " +
                       $"(about {(double)(fileLength - pos) / BlockAlign / Format.SampleRate:0.###} s of audio if they are samples)";
            pos += 8 + size + (size & 1);
        }
        if (fileLength - pos >= BlockAlign)
            return $"{fileLength - pos} bytes after its last chunk (from byte {pos}) that the header does not declare";
        return null;
    }

    /// <summary>
    /// True when the bytes after an empty data chunk start with a printable four-character code: a chunk that follows
    /// a genuinely empty data chunk, rather than samples a killed writer never accounted for.
    /// </summary>
    private static bool NextLooksLikeChunk(Stream stream, long offset, long fileLength)
    {
        if (fileLength - offset < 8) return false;
        Span<byte> id = stackalloc byte[4];
        stream.Position = offset;
        stream.ReadExactly(id);
        foreach (var b in id)
            if (b < 0x20 || b > 0x7E) return false;
        return true;
    }

    internal static string FourCc(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(4);
        foreach (var b in bytes)
            sb.Append(b is >= 0x20 and <= 0x7E ? (char)b : $"\\x{b:X2}");
        return sb.ToString();
    }

    /// <summary>Hex plus printable text, for saying what a file starts with.</summary>
    internal static string DescribeBytes(ReadOnlySpan<byte> bytes)
    {
        var hex = string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2")));
        return $"{hex} '{FourCc(bytes)}'";
    }

    private static AudioFileException Fail(string path, string problem) => new(path, problem);
}
