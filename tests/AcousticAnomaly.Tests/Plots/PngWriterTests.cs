using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Plots;
using Xunit;

namespace AcousticAnomaly.Tests.Plots;

public class PngWriterTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue() =>
        // The CRC-32 catalogue's check value for "123456789".
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void EncodesChunksWithValidCrcsAndTheExactPixels()
    {
        int w = 5, h = 3;
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 7);
        var png = PngWriter.Encode(w, h, rgb);

        var decoded = MiniPngDecoder.Decode(png);
        Assert.Equal(w, decoded.Width);
        Assert.Equal(h, decoded.Height);
        Assert.Equal(new[] { "IHDR", "IDAT", "IEND" }, decoded.ChunkTypes);
        Assert.Equal(rgb, decoded.Rgb);
    }

    [Fact]
    public void SaveWritesAtomicallyAndLeavesNoTemporaryFile()
    {
        string dir = Directory.CreateTempSubdirectory("aa-png-").FullName;
        try
        {
            string path = Path.Combine(dir, "x.png");
            PngWriter.Save(path, 1, 1, new byte[] { 1, 2, 3 });
            Assert.Equal(new[] { "x.png" }, Directory.GetFiles(dir).Select(Path.GetFileName));
            Assert.Equal(new byte[] { 1, 2, 3 }, MiniPngDecoder.Decode(File.ReadAllBytes(path)).Rgb);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void WrongPixelCountIsRejected() =>
        Assert.Throws<ArgumentException>(() => PngWriter.Encode(2, 2, new byte[11]));
}

/// <summary>
/// An independent reader for what PngWriter claims to write (8-bit RGB, filter 0, no interlace): it checks the
/// signature and every chunk's CRC, inflates the IDAT data and strips the filter bytes.
/// </summary>
internal static class MiniPngDecoder
{
    public sealed record Decoded(int Width, int Height, byte[] Rgb, List<string> ChunkTypes);

    public static Decoded Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8, width = 0, height = 0;
        var types = new List<string>();
        var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(ReferenceCrc(png.AsSpan(pos + 4, 4 + length)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, data[8..13].ToArray());
            }
            if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * 3;
        Assert.Equal(height * (stride + 1), bytes.Length);
        var rgb = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (stride + 1)]);
            Array.Copy(bytes, y * (stride + 1) + 1, rgb, y * stride, stride);
        }
        return new Decoded(width, height, rgb, types);
    }

    // Bitwise CRC-32, deliberately not table-driven, so it does not share code with the writer's.
    private static uint ReferenceCrc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (uint)-(int)(c & 1));
        }
        return ~c;
    }
}
