namespace AcousticAnomaly.Audio;

/// <summary>
/// Band-limited sample-rate conversion for any rational ratio: a polyphase windowed-sinc filter (Kaiser window).
/// Output sample j sits exactly at input time j * from / to (zero phase, like scipy.signal.resample_poly), the signal
/// is taken as zero outside the input, and the output has round(n * to / from) samples. Deterministic: the same
/// input always gives the same output bits.
/// </summary>
/// <remarks>
/// Defaults are scipy.signal.resample_poly's filter design: cutoff AT the lower Nyquist frequency, 10 zero crossings
/// each side, Kaiser beta 5. That is not the most transparent resampler possible (a little aliasing just below
/// Nyquist), but it is what the Python side of the DCASE tooling uses, and a model's features must not depend on
/// where a clip was resampled. A design that rolls off early (e.g. 0.94 x Nyquist) leaves the top mel band empty -
/// log-mel at the eps floor, -156 dB - for every resampled clip, which makes a 44.1 kHz recording look anomalous to a
/// model trained on native 16 kHz audio. Other designs remain available through the constructor.
/// </remarks>
public sealed class Resampler
{
    /// <summary>Above this many phases the filter table is not precomputed (it would be large); taps are computed per sample.</summary>
    private const int MaxTablePhases = 4096;

    private readonly int _up;      // L: output samples per M input samples
    private readonly int _down;    // M
    private readonly int _taps;    // filter taps per output sample (2 * K)
    private readonly int _left;    // taps to the left of the output position: first tap index = n0 - _left + 1
    private readonly double _cutoff;       // cycles per input sample * 2 (fraction of the input Nyquist)
    private readonly double _halfWidth;    // kernel half-width in input samples
    private readonly double _beta;
    private readonly double _i0Beta;
    private readonly float[]? _table;      // [phase][tap], each phase normalised to unit DC gain

    public Resampler(int fromRate, int toRate, double rolloff = 1.0, int zeroCrossings = 10, double kaiserBeta = 5.0)
    {
        if (fromRate <= 0) throw new ArgumentOutOfRangeException(nameof(fromRate), fromRate, "Sample rate must be positive.");
        if (toRate <= 0) throw new ArgumentOutOfRangeException(nameof(toRate), toRate, "Sample rate must be positive.");
        if (rolloff is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(rolloff), rolloff, "Rolloff must be in (0, 1].");
        if (zeroCrossings < 1) throw new ArgumentOutOfRangeException(nameof(zeroCrossings), zeroCrossings, "Need at least one zero crossing.");
        FromRate = fromRate;
        ToRate = toRate;
        var g = Gcd(fromRate, toRate);
        _up = toRate / g;
        _down = fromRate / g;
        _cutoff = rolloff * Math.Min(1.0, (double)toRate / fromRate);
        _halfWidth = zeroCrossings / _cutoff;
        _beta = kaiserBeta;
        _i0Beta = BesselI0(kaiserBeta);
        _left = (int)Math.Ceiling(_halfWidth);
        _taps = 2 * _left;
        if (_up <= MaxTablePhases && !IsIdentity)
        {
            _table = new float[_up * _taps];
            var taps = new double[_taps];
            for (int p = 0; p < _up; p++)
            {
                FillTaps(p, taps);
                for (int k = 0; k < _taps; k++) _table[p * _taps + k] = (float)taps[k];
            }
        }
    }

    public int FromRate { get; }
    public int ToRate { get; }

    private bool IsIdentity => _up == _down;

    /// <summary>Output length for <paramref name="inputLength"/> input samples: round(n * to / from), halves rounded up.</summary>
    public static long OutputLength(long inputLength, int fromRate, int toRate)
    {
        var g = Gcd(fromRate, toRate);
        long up = toRate / g, down = fromRate / g;
        return (2 * inputLength * up + down) / (2 * down);
    }

    /// <summary>Resamples mono samples from <paramref name="fromRate"/> to <paramref name="toRate"/>.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate) =>
        fromRate == toRate ? input.ToArray() : new Resampler(fromRate, toRate).Process(input);

    /// <summary>Resamples one block of mono samples (the whole signal; the ends are treated as silence).</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        if (IsIdentity) return input.ToArray();
        var n = input.Length;
        var output = new float[OutputLength(n, FromRate, ToRate)];
        var taps = _table is null ? new double[_taps] : null;
        long pos = 0; // j * down, the output position on the up-sampled grid
        for (int j = 0; j < output.Length; j++, pos += _down)
        {
            long n0 = pos / _up;
            int phase = (int)(pos - n0 * _up);
            long first = n0 - _left + 1;
            int k0 = (int)Math.Max(0, -first);
            int k1 = (int)Math.Min(_taps, n - first);
            output[j] = (float)Dot(phase, input, first, k0, k1, taps);
        }
        return output;
    }

    internal int Up => _up;
    internal int Down => _down;

    /// <summary>Taps to the left of an output position: output j needs input samples up to floor(j * Down / Up) + Left.</summary>
    internal int Left => _left;

    internal int Taps => _taps;

    internal bool IsPassThrough => IsIdentity;

    /// <summary>Scratch for <see cref="Dot"/> when the filter has no precomputed table (null when it has one).</summary>
    internal double[]? CreateTapScratch() => _table is null ? new double[_taps] : null;

    /// <summary>
    /// One output sample: taps k0..k1-1 of <paramref name="phase"/> against input[first + k]. The one place the
    /// arithmetic happens, so the streaming resampler gives the same bits as <see cref="Process"/> on the whole signal.
    /// </summary>
    internal double Dot(int phase, ReadOnlySpan<float> input, long first, int k0, int k1, double[]? taps)
    {
        double acc = 0;
        if (_table is not null)
        {
            var row = _table.AsSpan(phase * _taps, _taps);
            for (int k = k0; k < k1; k++) acc += row[k] * (double)input[(int)(first + k)];
        }
        else
        {
            FillTaps(phase, taps!);
            for (int k = k0; k < k1; k++) acc += taps![k] * input[(int)(first + k)];
        }
        return acc;
    }

    /// <summary>Taps for one phase: tap k weighs input sample n0 - left + 1 + k, at distance (left - 1 - k) + phase / up.</summary>
    private void FillTaps(int phase, double[] taps)
    {
        double frac = (double)phase / _up;
        double sum = 0;
        for (int k = 0; k < _taps; k++)
        {
            double tau = (_left - 1 - k) + frac; // output time minus input time, in input samples
            double v = Kernel(tau);
            taps[k] = v;
            sum += v;
        }
        // Unit DC gain per phase: otherwise each phase's slightly different sum would imprint a pattern of period L.
        if (sum != 0)
            for (int k = 0; k < _taps; k++) taps[k] /= sum;
    }

    private double Kernel(double tau)
    {
        double x = tau / _halfWidth;
        if (Math.Abs(x) >= 1) return 0;
        double arg = Math.PI * _cutoff * tau;
        double sinc = arg == 0 ? 1.0 : Math.Sin(arg) / arg;
        return _cutoff * sinc * BesselI0(_beta * Math.Sqrt(1 - x * x)) / _i0Beta;
    }

    /// <summary>Modified Bessel function of the first kind, order 0 (power series; converges fast for the betas used).</summary>
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
