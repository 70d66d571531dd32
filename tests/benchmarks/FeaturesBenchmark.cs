using System.Diagnostics;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using MathNet.Numerics.IntegralTransforms;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// LogMelFrames (DCASE defaults) over every WAV under a folder (read with AudioFile.ReadAll), timed after loading;
/// plus our real FFT against MathNet's.
/// tests/benchmarks/features_bench.sh runs this and the numpy reference (features_bench.py) on the same files.
/// </summary>
public sealed class FeaturesBenchmark : IBenchmark
{
    public string Name => "features";

    public string Usage => "<folder of WAVs> [repeats=5] [nofft]  LogMelFrames extraction time (sequential, 2-core) + FFT: ours vs MathNet";

    public int Run(string[] args)
    {
        if (args.Length < 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine($"usage: features {Usage}");
            return 2;
        }
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 5;
        var files = Directory.GetFiles(args[0], "*.wav", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var sw = Stopwatch.StartNew();
        var clips = files.Select(AudioFile.ReadAll).ToArray();
        var loadSeconds = sw.Elapsed.TotalSeconds;
        double audioSeconds = clips.Sum(c => (double)c.Frames / c.SampleRate);
        Console.WriteLine($"files={files.Length} audio_seconds={audioSeconds:F1} load_seconds={loadSeconds:F3} cores={Environment.ProcessorCount}");

        var settings = new FeatureSettings(); // DCASE: 16 kHz, 1024/512, 128 mels, 5 frames -> 640 values
        var single = new FeatureExtractor(settings, maxDegreeOfParallelism: 1);
        long vectors = clips.Sum(c => (long)single.Extract(c).Rows); // warm-up (JIT, tables) and a checksum of the work
        Console.WriteLine($"vectors={vectors} x {settings.VectorLength}");

        double Best(Action action)
        {
            double best = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                var s = Stopwatch.StartNew();
                action();
                best = Math.Min(best, s.Elapsed.TotalSeconds);
            }
            return best;
        }

        var sequential = Best(() => { foreach (var c in clips) single.Extract(c); });
        var acrossClips = Best(() => Parallel.ForEach(clips, c => single.Extract(c)));
        var perClip = new FeatureExtractor(settings);
        var withinClip = Best(() => { foreach (var c in clips) perClip.Extract(c); });
        Console.WriteLine($"ours_sequential_seconds={sequential:F4} ({audioSeconds / sequential:F0}x real time)");
        Console.WriteLine($"ours_parallel_clips_seconds={acrossClips:F4} ({audioSeconds / acrossClips:F0}x real time)");
        Console.WriteLine($"ours_parallel_frames_seconds={withinClip:F4}");
        Console.WriteLine($"ours_seconds={Math.Min(sequential, Math.Min(acrossClips, withinClip)):F4}");

        if (!args.Contains("nofft")) FftComparison(repeats);
        return 0;
    }

    /// <summary>Power spectrum of one windowed 1024-sample frame: our RealFft vs MathNet's ForwardReal, same input.</summary>
    private static void FftComparison(int repeats)
    {
        const int n = 1024, iterations = 100_000;
        var rng = new Random(1);
        var frame = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var window = Enumerable.Range(0, n).Select(i => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n)).ToArray();
        var ours = new RealFft(n);
        var power = new double[n / 2 + 1];
        var re = new double[n / 2];
        var im = new double[n / 2];
        var data = new double[n + 2];
        var mathNetPower = new double[n / 2 + 1];

        void Ours() => ours.PowerSpectrum(frame, window, power, re, im);
        void MathNet()
        {
            for (int i = 0; i < n; i++) data[i] = frame[i] * window[i];
            Fourier.ForwardReal(data, n, FourierOptions.NoScaling);
            for (int k = 0; k <= n / 2; k++) mathNetPower[k] = data[2 * k] * data[2 * k] + data[2 * k + 1] * data[2 * k + 1];
        }

        Ours();
        MathNet();
        double maxRel = 0;
        for (int k = 0; k <= n / 2; k++) maxRel = Math.Max(maxRel, Math.Abs(power[k] - mathNetPower[k]) / Math.Max(1e-12, mathNetPower.Max()));

        double Time(Action a)
        {
            double best = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                var s = Stopwatch.StartNew();
                for (int i = 0; i < iterations; i++) a();
                best = Math.Min(best, s.Elapsed.TotalSeconds);
            }
            return best / iterations * 1e6;
        }

        var oursUs = Time(Ours);
        var mathNetUs = Time(MathNet);
        Console.WriteLine($"fft1024_power_ours_us={oursUs:F2} fft1024_power_mathnet_us={mathNetUs:F2} ratio={mathNetUs / oursUs:F2} max_rel_diff={maxRel:E1}");
    }
}
