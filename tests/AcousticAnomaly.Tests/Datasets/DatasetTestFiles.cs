using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Tests.Datasets;

/// <summary>A private temporary folder per test, removed afterwards, plus small synthetic WAV writers.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aa-datasets-" + Guid.NewGuid().ToString("N")[..10]);

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    /// <summary>Copies the speech-commands fixture (14 clips: bed 6, cat 5, happy 3) into a sub-folder.</summary>
    public string CopySpeechFixture(string name = "data")
    {
        var root = this[name];
        foreach (var file in Directory.EnumerateFiles(TestPaths.Fixture("speechcommands-mini"), "*.wav", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(root, System.IO.Path.GetRelativePath(TestPaths.Fixture("speechcommands-mini"), file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return root;
    }
}

internal static class Signals
{
    public static string Write(string path, int rate, int channels, float[] samples, WavSampleFormat format = WavSampleFormat.Float32)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var w = new WavWriter(path, rate, channels, format);
        w.Write(samples);
        return path;
    }

    public static float[] Sine(double freq, double seconds, int rate, double amplitude = 0.5)
    {
        var x = new float[(int)Math.Round(seconds * rate)];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * freq * i / rate));
        return x;
    }

    /// <summary>Amplitude of the <paramref name="freq"/> component of x[from..] by least squares on sin and cos.</summary>
    public static double AmplitudeAt(float[] x, double freq, int rate, int from)
    {
        double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
        for (int i = from; i < x.Length; i++)
        {
            double s = Math.Sin(2 * Math.PI * freq * i / rate), c = Math.Cos(2 * Math.PI * freq * i / rate);
            ss += s * s; cc += c * c; sc += s * c; xs += x[i] * s; xc += x[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det, b = (xc * ss - xs * sc) / det;
        return Math.Sqrt(a * a + b * b);
    }

    /// <summary>The frequency of the largest DFT bin (parabolic interpolation between bins).</summary>
    public static double DominantFrequency(float[] x, int rate)
    {
        var spectrum = x.Select(v => new System.Numerics.Complex(v, 0)).ToArray();
        MathNet.Numerics.IntegralTransforms.Fourier.Forward(spectrum, MathNet.Numerics.IntegralTransforms.FourierOptions.Matlab);
        int k = Enumerable.Range(1, x.Length / 2 - 2).MaxBy(i => spectrum[i].Magnitude);
        double a = spectrum[k - 1].Magnitude, b = spectrum[k].Magnitude, c = spectrum[k + 1].Magnitude;
        double delta = 0.5 * (a - c) / (a - 2 * b + c);
        return (k + delta) * rate / x.Length;
    }
}
