using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AcousticAnomaly.Features;

/// <summary>
/// Power spectrum of one real frame of power-of-two length N, in double precision: an N/2-point complex radix-2 FFT of
/// the even/odd samples packed as (re, im), then the standard split step to the N/2 + 1 bins of the real transform.
/// Precomputes bit reversal and twiddles once; the caller supplies scratch, so one instance serves many threads.
/// </summary>
/// <remarks>Written for speed in the STFT loop: it beat MathNet's ForwardReal (see docs/benchmarks/features.md).</remarks>
internal sealed class RealFft
{
    private readonly int _half;
    private readonly int[] _bitReverse;
    private readonly double[] _stageRe, _stageIm; // stage of size s: e^{-2 pi i j / s} for j < s/2 at index s/2 + j
    private readonly double[] _splitRe, _splitIm; // e^{-2 pi i k / N}, k <= half / 2

    public RealFft(int size)
    {
        if (size < 8 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "RealFft needs a power of two of at least 8.");
        Size = size;
        _half = size / 2;
        int bits = System.Numerics.BitOperations.Log2((uint)_half);
        _bitReverse = new int[_half];
        for (int i = 0; i < _half; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        // Contiguous per stage so the butterflies of one block read their twiddles with unit stride (vector loads).
        _stageRe = new double[_half];
        _stageIm = new double[_half];
        for (int s = 2; s <= _half; s <<= 1)
        {
            for (int j = 0; j < s / 2; j++)
            {
                double a = -2 * Math.PI * j / s;
                _stageRe[s / 2 + j] = Math.Cos(a);
                _stageIm[s / 2 + j] = Math.Sin(a);
            }
        }
        _splitRe = new double[_half / 2 + 1];
        _splitIm = new double[_half / 2 + 1];
        for (int k = 0; k <= _half / 2; k++)
        {
            double a = -2 * Math.PI * k / size;
            _splitRe[k] = Math.Cos(a);
            _splitIm[k] = Math.Sin(a);
        }
    }

    public int Size { get; }
    public int Bins => _half + 1;

    /// <summary>
    /// |X_k|^2 for k = 0..N/2 of frame * window. <paramref name="re"/>/<paramref name="im"/> are scratch of length N/2.
    /// </summary>
    public void PowerSpectrum(ReadOnlySpan<float> frame, ReadOnlySpan<double> window, Span<double> power, Span<double> re, Span<double> im)
    {
        int half = _half;
        if (frame.Length < Size || window.Length < Size || power.Length < half + 1 || re.Length < half || im.Length < half)
            throw new ArgumentException("Buffer too small for this FFT size.");
        // Pack x[2k] + i x[2k+1] straight into bit-reversed order, windowing on the way.
        for (int k = 0; k < half; k++)
        {
            int j = _bitReverse[k];
            re[j] = frame[2 * k] * window[2 * k];
            im[j] = frame[2 * k + 1] * window[2 * k + 1];
        }
        Transform(re, im);
        Split(re, im, power);
    }

    /// <summary>In-place complex FFT of length N/2 of data already in bit-reversed order.</summary>
    /// <remarks>
    /// First a radix-4 pass (the size-2 and size-4 stages, whose twiddles are 1 and -i), then the remaining radix-2
    /// stages two at a time (and one alone if their count is odd), four butterflies at once with Vector256 when the CPU
    /// has it. No fused multiply-add is used, so the
    /// vector and scalar paths give identical bits and results do not depend on the machine.
    /// </remarks>
    private void Transform(Span<double> reSpan, Span<double> imSpan)
    {
        int n = _half;
        ref double re = ref MemoryMarshal.GetReference(reSpan);
        ref double im = ref MemoryMarshal.GetReference(imSpan);
        for (int i = 0; i < n; i += 4)
        {
            // size-2 butterflies on (i, i+1) and (i+2, i+3)
            double r0 = Unsafe.Add(ref re, i), i0 = Unsafe.Add(ref im, i);
            double r1 = Unsafe.Add(ref re, i + 1), i1 = Unsafe.Add(ref im, i + 1);
            double r2 = Unsafe.Add(ref re, i + 2), i2 = Unsafe.Add(ref im, i + 2);
            double r3 = Unsafe.Add(ref re, i + 3), i3 = Unsafe.Add(ref im, i + 3);
            double ar = r0 + r1, ai = i0 + i1, br = r0 - r1, bi = i0 - i1;
            double cr = r2 + r3, ci = i2 + i3, dr = r2 - r3, di = i2 - i3;
            // size-4: (a, c) with twiddle 1, (b, d) with twiddle -i: d * -i = (di, -dr)
            Unsafe.Add(ref re, i) = ar + cr; Unsafe.Add(ref im, i) = ai + ci;
            Unsafe.Add(ref re, i + 2) = ar - cr; Unsafe.Add(ref im, i + 2) = ai - ci;
            Unsafe.Add(ref re, i + 1) = br + di; Unsafe.Add(ref im, i + 1) = bi - dr;
            Unsafe.Add(ref re, i + 3) = br - di; Unsafe.Add(ref im, i + 3) = bi + dr;
        }
        ref double twr = ref MemoryMarshal.GetArrayDataReference(_stageRe);
        ref double twi = ref MemoryMarshal.GetArrayDataReference(_stageIm);
        bool simd = Vector256.IsHardwareAccelerated;
        int size = 8;
        // Two radix-2 stages (sizes s and 2s) per pass: half the loads and stores of doing them one by one.
        for (; size * 2 <= n; size <<= 2)
        {
            if (simd) Radix4Pass(ref re, ref im, ref twr, ref twi, n, size);
            else Radix4PassScalar(ref re, ref im, ref twr, ref twi, n, size);
        }
        if (size <= n)
        {
            if (simd) Radix2Pass(ref re, ref im, ref twr, ref twi, n, size);
            else Radix2PassScalar(ref re, ref im, ref twr, ref twi, n, size);
        }
    }

    /// <summary>Stages of size s and 2s fused. Twiddles: stage s at [s/2 + j], stage 2s at [s + j]; the second
    /// butterfly of stage 2s uses W_2s^(j + s/2) = -i W_2s^j.</summary>
    private static void Radix4Pass(ref double re, ref double im, ref double twr, ref double twi, int n, int s)
    {
        int h = s >> 1;
        for (int b = 0; b < n; b += 2 * s)
        {
            for (int j = 0; j < h; j += 4)
            {
                nuint p0 = (nuint)(b + j), p1 = p0 + (nuint)h, p2 = p0 + (nuint)s, p3 = p2 + (nuint)h;
                var w1r = Vector256.LoadUnsafe(ref twr, (nuint)(h + j));
                var w1i = Vector256.LoadUnsafe(ref twi, (nuint)(h + j));
                var w2r = Vector256.LoadUnsafe(ref twr, (nuint)(s + j));
                var w2i = Vector256.LoadUnsafe(ref twi, (nuint)(s + j));
                var x0r = Vector256.LoadUnsafe(ref re, p0); var x0i = Vector256.LoadUnsafe(ref im, p0);
                var x1r = Vector256.LoadUnsafe(ref re, p1); var x1i = Vector256.LoadUnsafe(ref im, p1);
                var x2r = Vector256.LoadUnsafe(ref re, p2); var x2i = Vector256.LoadUnsafe(ref im, p2);
                var x3r = Vector256.LoadUnsafe(ref re, p3); var x3i = Vector256.LoadUnsafe(ref im, p3);
                // stage s
                var tr = x1r * w1r - x1i * w1i; var ti = x1r * w1i + x1i * w1r;
                var a0r = x0r + tr; var a0i = x0i + ti; var a1r = x0r - tr; var a1i = x0i - ti;
                tr = x3r * w1r - x3i * w1i; ti = x3r * w1i + x3i * w1r;
                var a2r = x2r + tr; var a2i = x2i + ti; var a3r = x2r - tr; var a3i = x2i - ti;
                // stage 2s
                tr = a2r * w2r - a2i * w2i; ti = a2r * w2i + a2i * w2r;
                (a0r + tr).StoreUnsafe(ref re, p0); (a0i + ti).StoreUnsafe(ref im, p0);
                (a0r - tr).StoreUnsafe(ref re, p2); (a0i - ti).StoreUnsafe(ref im, p2);
                // w3 = -i w2 = (w2i, -w2r)
                tr = a3r * w2i + a3i * w2r; ti = a3i * w2i - a3r * w2r;
                (a1r + tr).StoreUnsafe(ref re, p1); (a1i + ti).StoreUnsafe(ref im, p1);
                (a1r - tr).StoreUnsafe(ref re, p3); (a1i - ti).StoreUnsafe(ref im, p3);
            }
        }
    }

    /// <summary><see cref="Radix4Pass"/> one element at a time, same operations in the same order.</summary>
    private static void Radix4PassScalar(ref double re, ref double im, ref double twr, ref double twi, int n, int s)
    {
        int h = s >> 1;
        for (int b = 0; b < n; b += 2 * s)
        {
            for (int j = 0; j < h; j++)
            {
                int p0 = b + j, p1 = p0 + h, p2 = p0 + s, p3 = p2 + h;
                double w1r = Unsafe.Add(ref twr, h + j), w1i = Unsafe.Add(ref twi, h + j);
                double w2r = Unsafe.Add(ref twr, s + j), w2i = Unsafe.Add(ref twi, s + j);
                double x0r = Unsafe.Add(ref re, p0), x0i = Unsafe.Add(ref im, p0);
                double x1r = Unsafe.Add(ref re, p1), x1i = Unsafe.Add(ref im, p1);
                double x2r = Unsafe.Add(ref re, p2), x2i = Unsafe.Add(ref im, p2);
                double x3r = Unsafe.Add(ref re, p3), x3i = Unsafe.Add(ref im, p3);
                double tr = x1r * w1r - x1i * w1i, ti = x1r * w1i + x1i * w1r;
                double a0r = x0r + tr, a0i = x0i + ti, a1r = x0r - tr, a1i = x0i - ti;
                tr = x3r * w1r - x3i * w1i; ti = x3r * w1i + x3i * w1r;
                double a2r = x2r + tr, a2i = x2i + ti, a3r = x2r - tr, a3i = x2i - ti;
                tr = a2r * w2r - a2i * w2i; ti = a2r * w2i + a2i * w2r;
                Unsafe.Add(ref re, p0) = a0r + tr; Unsafe.Add(ref im, p0) = a0i + ti;
                Unsafe.Add(ref re, p2) = a0r - tr; Unsafe.Add(ref im, p2) = a0i - ti;
                tr = a3r * w2i + a3i * w2r; ti = a3i * w2i - a3r * w2r;
                Unsafe.Add(ref re, p1) = a1r + tr; Unsafe.Add(ref im, p1) = a1i + ti;
                Unsafe.Add(ref re, p3) = a1r - tr; Unsafe.Add(ref im, p3) = a1i - ti;
            }
        }
    }

    private static void Radix2Pass(ref double re, ref double im, ref double twr, ref double twi, int n, int size)
    {
        int hs = size >> 1; // >= 4; this stage's twiddles sit at [hs, size) of the stage tables
        for (int start = 0; start < n; start += size)
        {
            for (int j = 0; j < hs; j += 4)
            {
                nuint a = (nuint)(start + j), b = a + (nuint)hs, w = (nuint)(hs + j);
                var wr = Vector256.LoadUnsafe(ref twr, w);
                var wi = Vector256.LoadUnsafe(ref twi, w);
                var xr = Vector256.LoadUnsafe(ref re, b);
                var xi = Vector256.LoadUnsafe(ref im, b);
                var tr = xr * wr - xi * wi;
                var ti = xr * wi + xi * wr;
                var ur = Vector256.LoadUnsafe(ref re, a);
                var ui = Vector256.LoadUnsafe(ref im, a);
                (ur + tr).StoreUnsafe(ref re, a);
                (ui + ti).StoreUnsafe(ref im, a);
                (ur - tr).StoreUnsafe(ref re, b);
                (ui - ti).StoreUnsafe(ref im, b);
            }
        }
    }

    private static void Radix2PassScalar(ref double re, ref double im, ref double twr, ref double twi, int n, int size)
    {
        int hs = size >> 1;
        for (int start = 0; start < n; start += size)
        {
            for (int j = 0; j < hs; j++)
            {
                int a = start + j, b = a + hs;
                double wr = Unsafe.Add(ref twr, hs + j), wi = Unsafe.Add(ref twi, hs + j);
                double xr = Unsafe.Add(ref re, b), xi = Unsafe.Add(ref im, b);
                double tr = xr * wr - xi * wi, ti = xr * wi + xi * wr;
                double ur = Unsafe.Add(ref re, a), ui = Unsafe.Add(ref im, a);
                Unsafe.Add(ref re, a) = ur + tr; Unsafe.Add(ref im, a) = ui + ti;
                Unsafe.Add(ref re, b) = ur - tr; Unsafe.Add(ref im, b) = ui - ti;
            }
        }
    }

    /// <summary>From Z = FFT(x_even + i x_odd) to |X_k|^2 of the real N-point transform, k = 0..N/2.</summary>
    private void Split(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> power)
    {
        int h = _half;
        double x0 = re[0] + im[0], xh = re[0] - im[0];
        power[0] = x0 * x0;
        power[h] = xh * xh;
        for (int k = 1; k <= h / 2; k++)
        {
            int m = h - k;
            // E = (Z_k + conj Z_m) / 2, O = (Z_k - conj Z_m) / (2i); X_k = E + W^k O and X_m = conj(E) - conj(W^k O)... computed for both k and m.
            double zkr = re[k], zki = im[k], zmr = re[m], zmi = im[m];
            double er = 0.5 * (zkr + zmr), ei = 0.5 * (zki - zmi);
            double or = 0.5 * (zki + zmi), oi = -0.5 * (zkr - zmr);
            double wr = _splitRe[k], wi = _splitIm[k];
            double tr = wr * or - wi * oi, ti = wr * oi + wi * or;
            double xr = er + tr, xi = ei + ti;
            power[k] = xr * xr + xi * xi;
            // X_{h-k} = conj(E) - conj(W^k O)
            double yr = er - tr, yi = -ei + ti;
            power[m] = yr * yr + yi * yi;
        }
    }
}
