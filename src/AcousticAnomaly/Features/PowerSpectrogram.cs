using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace AcousticAnomaly.Features;

/// <summary>
/// Short-time power spectrum as librosa.stft + abs()**power computes it: periodic Hann window of length FftSize,
/// hop HopLength, and with <c>center</c> the signal is padded with FftSize/2 ZEROS on both sides (librosa >= 0.10,
/// pad_mode='constant') so frame t is centred on sample t * hop. Frame count: 1 + len / hop when centred,
/// otherwise 1 + (len - FftSize) / hop. Computed in double.
/// </summary>
public sealed class PowerSpectrogram
{
    private readonly double[] _window;
    private readonly RealFft? _fft; // power-of-two sizes; other sizes use MathNet's Bluestein transform

    public PowerSpectrogram(int fftSize, int hopLength, bool center = true, double power = 2.0,
        WindowFunction window = WindowFunction.PeriodicHann, PadMode padMode = PadMode.Constant)
    {
        // The choices this class can compute; a value added to an enum must be implemented here before it is accepted.
        if (window != WindowFunction.PeriodicHann) throw new ArgumentOutOfRangeException(nameof(window), window, "Unsupported window.");
        if (padMode != PadMode.Constant) throw new ArgumentOutOfRangeException(nameof(padMode), padMode, "Unsupported padding.");
        if (fftSize < 2) throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "FFT size must be at least 2.");
        if (hopLength <= 0) throw new ArgumentOutOfRangeException(nameof(hopLength), hopLength, "Hop length must be positive.");
        if (!(power > 0)) throw new ArgumentOutOfRangeException(nameof(power), power, "Spectrogram power must be positive.");
        FftSize = fftSize;
        HopLength = hopLength;
        Center = center;
        Power = power;
        _window = new double[fftSize];
        // Periodic ("fftbins=True") Hann: the window of length N + 1 without its last point, as scipy/librosa use for STFT.
        for (int i = 0; i < fftSize; i++) _window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / fftSize);
        if (fftSize >= 8 && (fftSize & (fftSize - 1)) == 0) _fft = new RealFft(fftSize);
    }

    public int FftSize { get; }
    public int HopLength { get; }
    public bool Center { get; }
    public double Power { get; }
    public int Bins => FftSize / 2 + 1;

    /// <summary>Frames librosa produces for <paramref name="samples"/> input samples (0 if too short when not centred).</summary>
    public int FrameCount(long samples)
    {
        if (Center) return checked((int)(1 + samples / HopLength));
        return samples < FftSize ? 0 : checked((int)(1 + (samples - FftSize) / HopLength));
    }

    /// <summary>Per-thread working memory.</summary>
    internal sealed class Scratch
    {
        public Scratch(int fftSize)
        {
            Frame = new float[fftSize];
            Re = new double[fftSize / 2];
            Im = new double[fftSize / 2];
        }

        public readonly float[] Frame;
        public readonly double[] Re, Im;
        public Complex[]? Complex;
    }

    internal Scratch CreateScratch() => new(FftSize);

    /// <summary>Power spectrum of frame <paramref name="t"/> of <paramref name="signal"/> into <paramref name="power"/> (Bins values).
    /// With <paramref name="offset"/>, <paramref name="signal"/> holds the samples from that index on (a streamed block);
    /// it must hold every sample of the frame that lies inside the whole signal, as the rest is the zero padding.</summary>
    internal void Frame(ReadOnlySpan<float> signal, int t, Span<double> power, Scratch scratch, long offset = 0)
    {
        int n = FftSize;
        long start = (long)t * HopLength - (Center ? n / 2 : 0) - offset;
        ReadOnlySpan<float> frame;
        if (start >= 0 && start + n <= signal.Length)
        {
            frame = signal.Slice((int)start, n);
        }
        else
        {
            // Edge frame: the part outside the signal is the zero padding.
            var buf = scratch.Frame.AsSpan();
            buf.Clear();
            long from = Math.Max(0, start), to = Math.Min(signal.Length, start + n);
            if (to > from) signal[(int)from..(int)to].CopyTo(buf[(int)(from - start)..]);
            frame = buf;
        }

        if (_fft is not null)
        {
            _fft.PowerSpectrum(frame, _window, power, scratch.Re, scratch.Im);
        }
        else
        {
            var c = scratch.Complex ??= new Complex[n];
            for (int i = 0; i < n; i++) c[i] = new Complex(frame[i] * _window[i], 0);
            Fourier.Forward(c, FourierOptions.NoScaling);
            for (int k = 0; k < Bins; k++) power[k] = c[k].Real * c[k].Real + c[k].Imaginary * c[k].Imaginary;
        }

        if (Power != 2.0)
        {
            double half = Power / 2;
            for (int k = 0; k < Bins; k++) power[k] = Power == 1.0 ? Math.Sqrt(power[k]) : Math.Pow(power[k], half);
        }
    }

    /// <summary>The whole spectrogram as [frame][bin] (diagnostics and tests; the feature path never materialises it).</summary>
    public double[][] Compute(ReadOnlySpan<float> signal)
    {
        var scratch = CreateScratch();
        var result = new double[FrameCount(signal.Length)][];
        for (int t = 0; t < result.Length; t++)
        {
            result[t] = new double[Bins];
            Frame(signal, t, result[t], scratch);
        }
        return result;
    }
}
