using AcousticAnomaly.IO;
using System.Buffers.Binary;
using System.IO.Compression;

namespace AcousticAnomaly.Plots;

/// <summary>
/// A minimal PNG encoder for 8-bit RGB images: signature, IHDR, one IDAT (zlib stream of filter-type-0 scanlines),
/// IEND, each chunk with its CRC-32. Enough for reports and spectrogram exports without an imaging dependency.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>Encodes <paramref name="rgb"/> (row-major, top row first, 3 bytes per pixel) as PNG bytes.</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgb)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} must be positive.");
        if ((long)width * height * 3 != rgb.Length)
            throw new ArgumentException($"{rgb.Length} bytes of pixels for a {width}x{height} RGB image (needs {(long)width * height * 3}).");

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;   // bit depth
        ihdr[9] = 2;   // colour type: truecolour RGB
        ihdr[10] = 0;  // deflate
        ihdr[11] = 0;  // adaptive filtering (each row says its filter; ours are all 0 = None)
        ihdr[12] = 0;  // no interlace
        WriteChunk(output, "IHDR", ihdr);

        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                int stride = width * 3;
                var row = new byte[stride + 1];
                for (int y = 0; y < height; y++)
                {
                    row[0] = 0;
                    rgb.Slice(y * stride, stride).CopyTo(row.AsSpan(1));
                    z.Write(row);
                }
            }
            WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        WriteChunk(output, "IEND", ReadOnlySpan<byte>.Empty);
        return output.ToArray();
    }

    /// <summary>Writes the PNG to <paramref name="path"/> via a temporary file and a rename, so no half file is left.</summary>
    public static void Save(string path, int width, int height, ReadOnlySpan<byte> rgb)
    {
        var bytes = Encode(width, height, rgb);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    private static void WriteChunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        for (int i = 0; i < 4; i++) header[4 + i] = (byte)type[i];
        s.Write(header);
        s.Write(data);
        Span<byte> crc = stackalloc byte[4];
        // The CRC covers the chunk type and data, not the length.
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(header[4..], data));
        s.Write(crc);
    }
}
