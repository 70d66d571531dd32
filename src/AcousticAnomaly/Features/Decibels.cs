using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AcousticAnomaly.Features;

/// <summary>
/// 10 * log10(max(x, floor)) for a block of doubles, four at a time with Vector256 where the CPU has it.
/// </summary>
/// <remarks>
/// Math.Log10 is one call per value and was a visible share of the per-frame cost. This splits x = 2^e * m with
/// m in [sqrt(1/2), sqrt(2)) and uses ln(m) = 2 atanh((m - 1) / (m + 1)) as an odd series to the 15th power (relative
/// error below 1e-13, i.e. under 1e-12 dB - invisible once stored as float). The scalar path runs the SAME operations
/// in the same order without fused multiply-add, so every machine (x64 with or without AVX, ARM) gets identical bits.
/// Inputs must be positive normal doubles after the floor (the floor is 2.2e-16, so they are).
/// </remarks>
internal static class Decibels
{
    private const double Log10OfE = 0.43429448190325182765;
    private const double Log10Of2 = 0.30102999566398119521;
    private const double Sqrt2 = 1.4142135623730950488;
    private const ulong MantissaMask = 0x000FFFFFFFFFFFFFUL;
    private const ulong ExponentOne = 0x3FF0000000000000UL;
    private const ulong Magic = 0x4330000000000000UL; // 2^52 as double: adding a small integer to its bits gives 2^52 + n
    private const double TwoTo52 = 4503599627370496.0;

    public static void FromPower(ReadOnlySpan<double> power, Span<float> decibels, double floor)
    {
        if (decibels.Length < power.Length) throw new ArgumentException("Output shorter than input.", nameof(decibels));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double src = ref MemoryMarshal.GetReference(power);
            var vFloor = Vector256.Create(floor);
            Span<double> tmp = stackalloc double[4];
            for (; i + 4 <= power.Length; i += 4)
            {
                var x = Vector256.Max(Vector256.LoadUnsafe(ref src, (nuint)i), vFloor);
                var bits = x.AsUInt64();
                var biased = Vector256.ShiftRightLogical(bits, 52);
                var m = ((bits & Vector256.Create(MantissaMask)) | Vector256.Create(ExponentOne)).AsDouble();
                var big = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
                m = Vector256.ConditionalSelect(big, m * 0.5, m);
                var e = ((Vector256.Create(Magic) + biased).AsDouble() - Vector256.Create(TwoTo52 + 1023.0))
                        + (big.AsDouble() & Vector256.Create(1.0));
                var f = (m - Vector256<double>.One) / (m + Vector256<double>.One);
                var f2 = f * f;
                var p = Vector256.Create(1.0 / 15);
                p = p * f2 + Vector256.Create(1.0 / 13);
                p = p * f2 + Vector256.Create(1.0 / 11);
                p = p * f2 + Vector256.Create(1.0 / 9);
                p = p * f2 + Vector256.Create(1.0 / 7);
                p = p * f2 + Vector256.Create(1.0 / 5);
                p = p * f2 + Vector256.Create(1.0 / 3);
                p = p * f2 + Vector256<double>.One;
                var ln = (f + f) * p;
                var db = (e * Vector256.Create(Log10Of2) + ln * Vector256.Create(Log10OfE)) * Vector256.Create(10.0);
                db.StoreUnsafe(ref MemoryMarshal.GetReference(tmp));
                decibels[i] = (float)tmp[0];
                decibels[i + 1] = (float)tmp[1];
                decibels[i + 2] = (float)tmp[2];
                decibels[i + 3] = (float)tmp[3];
            }
        }
        for (; i < power.Length; i++) decibels[i] = (float)Scalar(Math.Max(power[i], floor));
    }

    /// <summary>The vector path's arithmetic for one value, operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Scalar(double x)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        ulong biased = bits >> 52;
        double m = BitConverter.UInt64BitsToDouble((bits & MantissaMask) | ExponentOne);
        bool big = m > Sqrt2;
        m = big ? m * 0.5 : m;
        double e = (BitConverter.UInt64BitsToDouble(Magic + biased) - (TwoTo52 + 1023.0)) + (big ? 1.0 : 0.0);
        double f = (m - 1.0) / (m + 1.0);
        double f2 = f * f;
        double p = 1.0 / 15;
        p = p * f2 + 1.0 / 13;
        p = p * f2 + 1.0 / 11;
        p = p * f2 + 1.0 / 9;
        p = p * f2 + 1.0 / 7;
        p = p * f2 + 1.0 / 5;
        p = p * f2 + 1.0 / 3;
        p = p * f2 + 1.0;
        double ln = (f + f) * p;
        return (e * Log10Of2 + ln * Log10OfE) * 10.0;
    }
}
