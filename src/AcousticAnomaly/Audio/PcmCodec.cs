using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Audio;

/// <summary>
/// Little-endian sample packing shared by <see cref="WavReader"/> and <see cref="WavWriter"/>. Integer samples scale by
/// 2^(bits-1) both ways (16-bit: /32768 and *32768), as libsndfile does on read, so PCM round trips are exact.
/// </summary>
internal static class PcmCodec
{
    public static void DecodeToFloat(ReadOnlySpan<byte> src, Span<float> dst, int bits, SampleEncoding encoding)
    {
        int n = dst.Length;
        if (BitConverter.IsLittleEndian && DecodeNative(src, dst, bits, encoding)) return;
        if (encoding == SampleEncoding.Float)
        {
            if (bits == 32)
                for (int i = 0; i < n; i++) dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(i * 4)..]);
            else
                for (int i = 0; i < n; i++) dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(i * 8)..]);
            return;
        }

        switch (bits)
        {
            case 8:
                for (int i = 0; i < n; i++) dst[i] = (src[i] - 128) * (1f / 128);
                break;
            case 16:
                for (int i = 0; i < n; i++) dst[i] = BinaryPrimitives.ReadInt16LittleEndian(src[(i * 2)..]) * (1f / 32768);
                break;
            case 24:
                for (int i = 0; i < n; i++) dst[i] = Int24(src, i * 3) * (1f / 8388608);
                break;
            case 32:
                for (int i = 0; i < n; i++) dst[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(src[(i * 4)..]) * (1.0 / 2147483648.0));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(bits), bits, "unsupported PCM bit depth");
        }
    }

    /// <summary>
    /// Little-endian hosts reinterpret the bytes in place (no per-sample slicing): the common 16-bit and 32-bit float
    /// cases run several times faster this way. Returns false for layouts that need byte assembly (8/24-bit, doubles).
    /// </summary>
    private static bool DecodeNative(ReadOnlySpan<byte> src, Span<float> dst, int bits, SampleEncoding encoding)
    {
        int n = dst.Length;
        if (encoding == SampleEncoding.Float)
        {
            if (bits != 32) return false;
            MemoryMarshal.Cast<byte, float>(src[..(n * 4)]).CopyTo(dst);
            return true;
        }
        if (bits == 16)
        {
            var s = MemoryMarshal.Cast<byte, short>(src[..(n * 2)]);
            for (int i = 0; i < s.Length; i++) dst[i] = s[i] * (1f / 32768);
            return true;
        }
        if (bits == 32)
        {
            var s = MemoryMarshal.Cast<byte, int>(src[..(n * 4)]);
            for (int i = 0; i < s.Length; i++) dst[i] = (float)(s[i] * (1.0 / 2147483648.0));
            return true;
        }
        return false;
    }

    /// <summary>Integer samples right-justified at the source depth (8-bit unsigned on disk becomes -128..127).</summary>
    public static void DecodeToInt32(ReadOnlySpan<byte> src, Span<int> dst, int bits)
    {
        int n = dst.Length;
        if (BitConverter.IsLittleEndian && bits is 16 or 32)
        {
            // In place, as DecodeNative: FLAC archiving feeds libFLAC from here, and per-sample slicing cost ~5 % of it.
            if (bits == 32) MemoryMarshal.Cast<byte, int>(src[..(n * 4)]).CopyTo(dst);
            else Widen(MemoryMarshal.Cast<byte, short>(src[..(n * 2)]), dst);
            return;
        }
        switch (bits)
        {
            case 8:
                for (int i = 0; i < n; i++) dst[i] = src[i] - 128;
                break;
            case 16:
                for (int i = 0; i < n; i++) dst[i] = BinaryPrimitives.ReadInt16LittleEndian(src[(i * 2)..]);
                break;
            case 24:
                for (int i = 0; i < n; i++) dst[i] = Int24(src, i * 3);
                break;
            case 32:
                for (int i = 0; i < n; i++) dst[i] = BinaryPrimitives.ReadInt32LittleEndian(src[(i * 4)..]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(bits), bits, "unsupported PCM bit depth");
        }
    }

    /// <summary>Sign-extends 16-bit samples to 32-bit, a vector at a time.</summary>
    private static void Widen(ReadOnlySpan<short> src, Span<int> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<short>.Count <= src.Length; i += Vector<short>.Count)
            {
                Vector.Widen(new Vector<short>(src[i..]), out var low, out var high);
                low.CopyTo(dst[i..]);
                high.CopyTo(dst[(i + Vector<int>.Count)..]);
            }
        }
        for (; i < src.Length; i++) dst[i] = src[i];
    }

    /// <summary>Floats to the writer's format: PCM is scaled, rounded half-to-even and clamped; NaN becomes 0.</summary>
    public static void EncodeFloat(ReadOnlySpan<float> src, Span<byte> dst, WavSampleFormat format)
    {
        int n = src.Length;
        switch (format)
        {
            case WavSampleFormat.Float32:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(dst[(i * 4)..], src[i]);
                break;
            case WavSampleFormat.Pcm16:
                for (int i = 0; i < n; i++)
                    BinaryPrimitives.WriteInt16LittleEndian(dst[(i * 2)..], (short)Quantise(src[i], 32768.0, short.MinValue, short.MaxValue));
                break;
            case WavSampleFormat.Pcm24:
                for (int i = 0; i < n; i++) WriteInt24(dst, i * 3, (int)Quantise(src[i], 8388608.0, -8388608, 8388607));
                break;
            case WavSampleFormat.Pcm32:
                for (int i = 0; i < n; i++)
                    BinaryPrimitives.WriteInt32LittleEndian(dst[(i * 4)..], (int)Quantise(src[i], 2147483648.0, int.MinValue, int.MaxValue));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    /// <summary>Right-justified integers; values outside the target depth are an error, never silently clipped.</summary>
    public static void EncodeInt32(ReadOnlySpan<int> src, Span<byte> dst, WavSampleFormat format)
    {
        int n = src.Length;
        switch (format)
        {
            case WavSampleFormat.Pcm16:
                for (int i = 0; i < n; i++)
                {
                    int v = src[i];
                    if (v is < short.MinValue or > short.MaxValue) throw OutOfRange(v, 16);
                    BinaryPrimitives.WriteInt16LittleEndian(dst[(i * 2)..], (short)v);
                }
                break;
            case WavSampleFormat.Pcm24:
                for (int i = 0; i < n; i++)
                {
                    int v = src[i];
                    if (v is < -8388608 or > 8388607) throw OutOfRange(v, 24);
                    WriteInt24(dst, i * 3, v);
                }
                break;
            case WavSampleFormat.Pcm32:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteInt32LittleEndian(dst[(i * 4)..], src[i]);
                break;
            default:
                throw new NotSupportedException($"integer samples cannot be written to a {format} file");
        }
    }

    /// <summary>Throws when a right-justified integer does not fit the target depth.</summary>
    public static void CheckRange(ReadOnlySpan<int> src, WavSampleFormat format)
    {
        (int min, int max, int bits) = format switch
        {
            WavSampleFormat.Pcm16 => (short.MinValue, (int)short.MaxValue, 16),
            WavSampleFormat.Pcm24 => (-8388608, 8388607, 24),
            _ => (int.MinValue, int.MaxValue, 32),
        };
        foreach (int v in src)
            if (v < min || v > max) throw OutOfRange(v, bits);
    }

    private static double Quantise(float x, double scale, double min, double max)
    {
        if (float.IsNaN(x)) return 0;
        double v = Math.Round(x * scale);
        return v < min ? min : v > max ? max : v;
    }

    private static int Int24(ReadOnlySpan<byte> s, int o) => (s[o] | (s[o + 1] << 8) | ((sbyte)s[o + 2] << 16));

    private static void WriteInt24(Span<byte> d, int o, int v)
    {
        d[o] = (byte)v;
        d[o + 1] = (byte)(v >> 8);
        d[o + 2] = (byte)(v >> 16);
    }

    private static ArgumentOutOfRangeException OutOfRange(int value, int bits) =>
        new("samples", value, $"sample {value} does not fit in {bits}-bit PCM");
}
