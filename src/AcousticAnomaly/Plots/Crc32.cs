namespace AcousticAnomaly.Plots;

/// <summary>
/// CRC-32 as PNG (and zlib's crc32) defines it: reflected polynomial 0xEDB88320, initial value and final XOR
/// 0xFFFFFFFF. Written here because System.IO.Hashing is not part of the shared framework.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default)
    {
        uint crc = 0xFFFFFFFFu;
        crc = Update(crc, a);
        crc = Update(crc, b);
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte x in data) crc = Table[(crc ^ x) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
