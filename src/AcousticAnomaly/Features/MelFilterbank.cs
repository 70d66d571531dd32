using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Features;

/// <summary>
/// Triangular mel filters exactly as librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'):
/// Slaney's mel scale (linear below 1 kHz, logarithmic above) and area normalisation 2 / (f_upper - f_lower).
/// Weights are computed in double and stored only over each band's non-zero span of FFT bins.
/// </summary>
public sealed class MelFilterbank
{
    private const double FSp = 200.0 / 3;            // Hz per mel in the linear region
    private const double MinLogHz = 1000.0;
    private const double MinLogMel = MinLogHz / FSp; // 15
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    private readonly int[] _start;    // first FFT bin of band m
    private readonly int[] _offset;   // index of band m's first weight in _weights; _offset[m + 1] - _offset[m] = span length
    private readonly double[] _weights;

    public MelFilterbank(int sampleRate, int fftSize, int melBands, double fMin = 0, double? fMax = null,
        MelScale scale = MelScale.Slaney, MelNorm normalisation = MelNorm.Slaney)
    {
        // The choices this class can compute; a value added to an enum must be implemented here before it is accepted.
        if (scale != MelScale.Slaney) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unsupported mel scale.");
        if (normalisation != MelNorm.Slaney) throw new ArgumentOutOfRangeException(nameof(normalisation), normalisation, "Unsupported mel normalisation.");
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive.");
        if (fftSize <= 0) throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "FFT size must be positive.");
        if (melBands <= 0) throw new ArgumentOutOfRangeException(nameof(melBands), melBands, "Mel band count must be positive.");
        double top = fMax ?? sampleRate / 2.0;
        if (fMin < 0 || top <= fMin) throw new ArgumentOutOfRangeException(nameof(fMin), $"Need 0 <= fMin < fMax; got {fMin} and {top}.");
        SampleRate = sampleRate;
        FftSize = fftSize;
        Bands = melBands;
        Bins = fftSize / 2 + 1;

        // Band edges: n_mels + 2 points evenly spaced in mel (numpy.linspace: start + i * step, last point exactly stop).
        double melLo = HzToMel(fMin), melHi = HzToMel(top);
        var edges = new double[melBands + 2];
        double step = (melHi - melLo) / (melBands + 1);
        for (int i = 0; i < edges.Length; i++) edges[i] = MelToHz(i == edges.Length - 1 ? melHi : melLo + i * step);

        _start = new int[melBands];
        _offset = new int[melBands + 1];
        var all = new List<double>();
        var row = new double[Bins];
        for (int m = 0; m < melBands; m++)
        {
            double lowerWidth = edges[m + 1] - edges[m], upperWidth = edges[m + 2] - edges[m + 1];
            double norm = 2.0 / (edges[m + 2] - edges[m]);
            int first = -1, last = -1;
            for (int k = 0; k < Bins; k++)
            {
                double f = (double)k * sampleRate / fftSize;
                double lower = (f - edges[m]) / lowerWidth;
                double upper = (edges[m + 2] - f) / upperWidth;
                double w = Math.Max(0.0, Math.Min(lower, upper)) * norm;
                row[k] = w;
                if (w > 0)
                {
                    if (first < 0) first = k;
                    last = k;
                }
            }
            _offset[m] = all.Count;
            if (first >= 0)
            {
                _start[m] = first;
                for (int k = first; k <= last; k++) all.Add(row[k]);
            }
        }
        _offset[melBands] = all.Count;
        _weights = all.ToArray();
    }

    public int SampleRate { get; }
    public int FftSize { get; }
    public int Bands { get; }

    /// <summary>FFT bins the filters read: FftSize / 2 + 1.</summary>
    public int Bins { get; }

    /// <summary>Number of stored (non-zero-span) weights, for the curious and for benchmarks.</summary>
    public int StoredWeights => _weights.Length;

    /// <summary>Slaney mel of a frequency in Hz (librosa.hz_to_mel with htk=False).</summary>
    public static double HzToMel(double hz) => hz >= MinLogHz ? MinLogMel + Math.Log(hz / MinLogHz) / LogStep : hz / FSp;

    /// <summary>Frequency in Hz of a Slaney mel (librosa.mel_to_hz with htk=False).</summary>
    public static double MelToHz(double mel) => mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : FSp * mel;

    /// <summary>Band m's non-zero weights and the FFT bin of the first one (empty if the band catches no bin).</summary>
    public ReadOnlySpan<double> Weights(int band, out int startBin)
    {
        startBin = _start[band];
        return _weights.AsSpan(_offset[band], _offset[band + 1] - _offset[band]);
    }

    /// <summary>The full [Bands][Bins] weight matrix (zeros included), as librosa returns it.</summary>
    public double[,] ToDense()
    {
        var dense = new double[Bands, Bins];
        for (int m = 0; m < Bands; m++)
        {
            var w = Weights(m, out int s);
            for (int k = 0; k < w.Length; k++) dense[m, s + k] = w[k];
        }
        return dense;
    }

    /// <summary>mel[m] = sum over band m's span of weight * spectrum.</summary>
    public void Apply(ReadOnlySpan<double> spectrum, Span<double> mel)
    {
        if (spectrum.Length < Bins) throw new ArgumentException($"Spectrum needs {Bins} bins, got {spectrum.Length}.", nameof(spectrum));
        if (mel.Length < Bands) throw new ArgumentException($"Output needs {Bands} bands, got {mel.Length}.", nameof(mel));
        // Spans were checked against Bins at construction and the lengths above, so the inner loop skips bounds checks.
        ref double w = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref double x = ref MemoryMarshal.GetReference(spectrum);
        for (int m = 0; m < Bands; m++)
        {
            int o = _offset[m], len = _offset[m + 1] - o, s = _start[m];
            double acc = 0;
            for (int k = 0; k < len; k++) acc += Unsafe.Add(ref w, o + k) * Unsafe.Add(ref x, s + k);
            mel[m] = acc;
        }
    }
}
