using System.Buffers.Binary;
using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

public class PcmCodecTests
{
    [Theory]
    [InlineData(16, 1)]
    [InlineData(16, 37)]   // not a whole number of vectors: the scalar tail runs too
    [InlineData(16, 4096)]
    [InlineData(32, 37)]
    [InlineData(24, 37)]
    [InlineData(8, 37)]
    public void IntegerDecodingIsTheLittleEndianValueOfEverySample(int bits, int count)
    {
        var rng = new Random(bits * 1000 + count);
        int bytes = bits / 8;
        var raw = new byte[count * bytes];
        rng.NextBytes(raw);
        // The extremes must survive sign extension.
        if (bits == 16 && count >= 2) { BinaryPrimitives.WriteInt16LittleEndian(raw, short.MinValue); BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(2), short.MaxValue); }
        var decoded = new int[count];
        PcmCodec.DecodeToInt32(raw, decoded, bits);
        for (int i = 0; i < count; i++)
        {
            var s = raw.AsSpan(i * bytes, bytes);
            int expected = bits switch
            {
                8 => s[0] - 128,
                16 => BinaryPrimitives.ReadInt16LittleEndian(s),
                24 => (s[0] | s[1] << 8 | (sbyte)s[2] << 16),
                _ => BinaryPrimitives.ReadInt32LittleEndian(s),
            };
            Assert.Equal(expected, decoded[i]);
        }
    }
}
