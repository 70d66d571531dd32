using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Tests.Models.Classifiers;

/// <summary>A labelled folder of synthetic clips: each label a tone at its own frequency with noise and random phase.</summary>
internal sealed class ToneDataset : IDisposable
{
    public static readonly (string Label, double Hz)[] Tones = [("high", 3200), ("low", 300), ("mid", 1100)];

    public ToneDataset(int clipsPerLabel = 8, double seconds = 0.5, int seed = 7)
    {
        Root = Path.Combine(Path.GetTempPath(), "aa-tones-" + Guid.NewGuid().ToString("N"));
        var rng = new Random(seed);
        foreach (var (label, hz) in Tones)
        {
            Directory.CreateDirectory(Path.Combine(Root, label));
            for (int i = 0; i < clipsPerLabel; i++) Write(Path.Combine(Root, label, $"{label}_{i}.wav"), hz * (0.95 + 0.1 * rng.NextDouble()), seconds, rng);
        }
    }

    public string Root { get; }

    public static void Write(string path, double hz, double seconds, Random rng)
    {
        const int Rate = 16000;
        var samples = new float[(int)(seconds * Rate)];
        double phase = rng.NextDouble() * 2 * Math.PI, amplitude = 0.2 + 0.3 * rng.NextDouble();
        for (int n = 0; n < samples.Length; n++)
            samples[n] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * n / Rate + phase) + 0.02 * (rng.NextDouble() - 0.5));
        using var w = WavWriter.CreateAtomic(path, Rate, 1, WavSampleFormat.Pcm16);
        w.Write(samples);
        w.Commit();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
