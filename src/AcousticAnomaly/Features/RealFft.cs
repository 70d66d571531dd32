namespace AcousticAnomaly.Features;

/// <summary>
/// Power spectrum of one real frame of power-of-two length N, in double precision: an N/2-point complex radix-2 FFT of
/// the even/odd samples packed as (re, im), then the standard split step to the N/2 + 1 bins of the real transform.
/// Precomputes bit reversal and twiddles once; the caller supplies scratch, so one instance serves many threads.
/// </summary>
/// <remarks>Written for speed in the STFT loop: it beat MathNet's ForwardReal (see docs/benchmarks-features.md).</remarks>
internal sealed class RealFft
{
    private readonly int _half;
    private readonly int[] _bitReverse;
    private readonly double[] _twRe, _twIm;     // e^{-2 pi i k / half}, k < half / 2
    private readonly double[] _splitRe, _splitIm; // e^{-2 pi i k / N}, k <= half / 2

    public RealFft(int size)
    {
        if (size < 4 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "RealFft needs a power of two of at least 4.");
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
        _twRe = new double[Math.Max(1, _half / 2)];
        _twIm = new double[_twRe.Length];
        for (int k = 0; k < _half / 2; k++)
        {
            double a = -2 * Math.PI * k / _half;
            _twRe[k] = Math.Cos(a);
            _twIm[k] = Math.Sin(a);
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
    private void Transform(Span<double> re, Span<double> im)
    {
        int n = _half;
        // Stage with size 2: twiddle 1.
        for (int i = 0; i < n; i += 2)
        {
            double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
            re[i] = ar + br; im[i] = ai + bi;
            re[i + 1] = ar - br; im[i + 1] = ai - bi;
        }
        // Stage with size 4: twiddles 1 and -i.
        if (n >= 4)
        {
            for (int i = 0; i < n; i += 4)
            {
                double ar = re[i], ai = im[i], br = re[i + 2], bi = im[i + 2];
                re[i] = ar + br; im[i] = ai + bi;
                re[i + 2] = ar - br; im[i + 2] = ai - bi;
                ar = re[i + 1]; ai = im[i + 1];
                // (br + i bi) * (-i) = bi - i br
                br = im[i + 3]; bi = -re[i + 3];
                re[i + 1] = ar + br; im[i + 1] = ai + bi;
                re[i + 3] = ar - br; im[i + 3] = ai - bi;
            }
        }
        for (int size = 8; size <= n; size <<= 1)
        {
            int halfSize = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size)
            {
                for (int j = 0, t = 0; j < halfSize; j++, t += step)
                {
                    double wr = _twRe[t], wi = _twIm[t];
                    int a = start + j, b = a + halfSize;
                    double xr = re[b], xi = im[b];
                    double tr = xr * wr - xi * wi;
                    double ti = xr * wi + xi * wr;
                    double ur = re[a], ui = im[a];
                    re[a] = ur + tr; im[a] = ui + ti;
                    re[b] = ur - tr; im[b] = ui - ti;
                }
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
