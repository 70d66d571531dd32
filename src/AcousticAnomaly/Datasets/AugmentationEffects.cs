using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using NWaves.Effects;
using NWaves.Filters.BiQuad;
using NWaves.Operations;
using NWaves.Operations.Tsm;
using NWaves.Signals;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// The signal processing of each augmentation, on de-interleaved channels. NWaves does compression, time stretch,
/// EQ and clipping; noise is ours because NWaves' noise builders draw from an unseeded Random (not reproducible);
/// reverse, gain, silence and the frequency mask are a few lines each.
/// </summary>
internal static class AugmentationEffects
{
    public static float[][] Apply(AugmentationStep step, float[][] channels, int rate, Random rng) => step.Kind switch
    {
        AugmentationKind.Noise => AddNoise(channels, step["snr"], rng),
        AugmentationKind.Reverse => Map(channels, x => Enumerable.Reverse(x).ToArray()),
        AugmentationKind.Compress => Map(channels, x => Compress(x, rate, step)),
        AugmentationKind.Stretch => Map(channels, x => Stretch(x, rate, step["factor"])),
        AugmentationKind.Eq => Map(channels, x => new PeakFilter(step["freq"] / rate, step["q"], step["gain"]).ApplyTo(new DiscreteSignal(rate, x)).Samples),
        AugmentationKind.Clip => Clip(channels, step["level"]),
        AugmentationKind.Gain => Map(channels, x => Scale(x, (float)Math.Pow(10, step["db"] / 20))),
        AugmentationKind.Silence => InsertSilence(channels, rate, step["duration"], step["at"], rng),
        AugmentationKind.FreqMask => MaskBand(channels, rate, step["width"], step["start"], rng),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.Kind, null),
    };

    private static float[][] Map(float[][] channels, Func<float[], float[]> f) => channels.Select(f).ToArray();

    private static float[] Scale(float[] x, float g)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] * g;
        return y;
    }

    /// <summary>Gaussian noise scaled so that signal power / noise power over the whole clip is exactly the SNR.</summary>
    private static float[][] AddNoise(float[][] channels, double snrDb, Random rng)
    {
        var noise = channels.Select(x => Gaussian(x.Length, rng)).ToArray();
        double signal = channels.Sum(x => x.Sum(v => (double)v * v));
        double power = noise.Sum(x => x.Sum(v => v * v));
        double scale = power > 0 ? Math.Sqrt(signal / Math.Pow(10, snrDb / 10) / power) : 0;
        return channels.Select((x, c) =>
        {
            var y = new float[x.Length];
            for (int i = 0; i < x.Length; i++) y[i] = (float)(x[i] + scale * noise[c][i]);
            return y;
        }).ToArray();
    }

    private static double[] Gaussian(int n, Random rng)
    {
        var g = new double[n];
        for (int i = 0; i < n; i += 2)
        {
            // Box-Muller: two independent normals from two uniforms in (0, 1].
            double r = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())), t = 2 * Math.PI * rng.NextDouble();
            g[i] = r * Math.Cos(t);
            if (i + 1 < n) g[i + 1] = r * Math.Sin(t);
        }
        return g;
    }

    /// <summary>
    /// NWaves' WSOLA fades the first and last analysis windows in and out and appends a window of silence, so the
    /// clip is padded with its own mirror image on both sides, stretched, and the middle - exactly
    /// round(length x factor) frames - kept: full level from the first frame to the last, a predictable length.
    /// </summary>
    private static float[] Stretch(float[] x, int rate, double factor)
    {
        int n = x.Length, pad = StretchPad;
        if (n < 2) return (float[])x.Clone();
        var padded = new float[n + 2 * pad];
        for (int i = 0; i < pad; i++)
        {
            padded[pad - 1 - i] = x[Mirror(i + 1, n)];
            padded[pad + n + i] = x[Mirror(n - 2 - i, n)];
        }
        x.CopyTo(padded, pad);
        var y = Operation.TimeStretch(new DiscreteSignal(rate, padded), factor, TsmAlgorithm.Wsola).Samples;
        int offset = (int)Math.Round(pad * factor), length = (int)Math.Round(n * factor);
        var result = new float[length];
        y.AsSpan(offset, Math.Min(length, y.Length - offset)).CopyTo(result);
        return result;
    }

    private const int StretchPad = 2048;

    /// <summary>Index reflected back into [0, n) (whole-sample symmetric), for clips shorter than the padding too.</summary>
    private static int Mirror(int i, int n)
    {
        int period = 2 * (n - 1);
        i = ((i % period) + period) % period;
        return i < n ? i : period - i;
    }

    private static float[] Compress(float[] x, int rate, AugmentationStep step)
    {
        var p = new DynamicsProcessor(DynamicsMode.Compressor, rate, (float)step["threshold"], (float)step["ratio"],
            makeupGain: 0, attack: (float)step["attack"], release: (float)step["release"]);
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = p.Process(x[i]);
        return y;
    }

    /// <summary>
    /// NWaves' hard clipper limits at +-0.5 after its input gain and scales by its output gain, so the gains move that
    /// fixed limit to <paramref name="level"/> times the clip's own peak (a quiet clip gets clipped too).
    /// </summary>
    private static float[][] Clip(float[][] channels, double level)
    {
        double peak = channels.Max(x => x.Length == 0 ? 0 : x.Max(v => Math.Abs((double)v)));
        if (peak == 0) return Map(channels, x => (float[])x.Clone());
        double limit = level * peak;
        float gainDb = (float)(20 * Math.Log10(0.5 / limit));
        return Map(channels, x =>
        {
            var effect = new DistortionEffect(DistortionMode.HardClipping, gainDb, -gainDb);
            var y = new float[x.Length];
            for (int i = 0; i < x.Length; i++) y[i] = effect.Process(x[i]);
            return y;
        });
    }

    private static float[][] InsertSilence(float[][] channels, int rate, double seconds, double at, Random rng)
    {
        int n = channels[0].Length;
        int gap = (int)Math.Round(seconds * rate);
        int pos = at >= 0 ? (int)Math.Min(n, Math.Round(at * rate)) : rng.Next(n + 1);
        return Map(channels, x =>
        {
            var y = new float[x.Length + gap];
            x.AsSpan(0, pos).CopyTo(y);
            x.AsSpan(pos).CopyTo(y.AsSpan(pos + gap));
            return y;
        });
    }

    /// <summary>
    /// Zeroes the band [start, start + width) Hz in the whole clip's spectrum (SpecAugment's frequency mask, applied to
    /// the waveform so any feature set sees it). The start is drawn from the seed so that the band fits below Nyquist.
    /// </summary>
    private static float[][] MaskBand(float[][] channels, int rate, double width, double start, Random rng)
    {
        double nyquist = rate / 2.0;
        double low = start >= 0 ? start : rng.NextDouble() * Math.Max(0, nyquist - width);
        double high = Math.Min(nyquist, low + width);
        return Map(channels, x =>
        {
            int n = x.Length;
            if (n == 0) return [];
            var spectrum = x.Select(v => new Complex(v, 0)).ToArray();
            Fourier.Forward(spectrum, FourierOptions.Matlab);
            for (int k = 0; k <= n / 2; k++)
            {
                double f = (double)k * rate / n;
                if (f < low || f >= high) continue;
                spectrum[k] = Complex.Zero;
                if (k > 0) spectrum[n - k] = Complex.Zero;
            }
            Fourier.Inverse(spectrum, FourierOptions.Matlab);
            return spectrum.Select(c => (float)c.Real).ToArray();
        });
    }
}
