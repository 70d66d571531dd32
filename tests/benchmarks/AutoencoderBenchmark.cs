using System.Diagnostics;
using System.Text;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Autoencoder;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Times AutoencoderTrainer.Train (the DCASE dense autoencoder, default options: 100 epochs, batch 512) on one data set:
/// LogMelFrames vectors of real clips (--wav-dir, first --clips files sorted by name; --save-npy writes them for
/// autoencoder_bench.py), a float32 .npy, or gaussian data. Prints key=value lines that autoencoder_bench.sh sets
/// against scikit-learn's MLPRegressor on the same data.
/// </summary>
public sealed class AutoencoderBenchmark : IBenchmark
{
    public string Name => "autoencoder";

    public string Usage =>
        "[--wav-dir DIR --clips 25 [--save-npy x.npy] | --npy x.npy | --rows 7725 --cols 640] [--epochs 100] [--threads 1,2]  train the DCASE autoencoder";

    public int Run(string[] args)
    {
        string? npy = null, wavDir = null, saveNpy = null;
        int rows = 7725, cols = 640, clips = 25, epochs = 100;
        int[] threads = [1, 2];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--npy": npy = args[i + 1]; break;
                case "--wav-dir": wavDir = args[i + 1]; break;
                case "--save-npy": saveNpy = args[i + 1]; break;
                case "--clips": clips = int.Parse(args[i + 1]); break;
                case "--rows": rows = int.Parse(args[i + 1]); break;
                case "--cols": cols = int.Parse(args[i + 1]); break;
                case "--epochs": epochs = int.Parse(args[i + 1]); break;
                case "--threads": threads = args[i + 1].Split(',').Select(int.Parse).ToArray(); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        var x = wavDir is not null ? Extract(wavDir, clips)
            : npy is not null ? IsolationForestBenchmark.ReadNpy(npy)
            : Gaussian(rows, cols);
        if (saveNpy is not null) WriteNpy(saveNpy, x);
        Console.WriteLine($"data_rows={x.Rows}");
        Console.WriteLine($"data_cols={x.Columns}");
        Console.WriteLine($"epochs={epochs}");
        Console.WriteLine($"simd={System.Runtime.Intrinsics.X86.Fma.IsSupported}");

        // Warm-up (JIT) on a slice, not counted.
        new AutoencoderTrainer(new AutoencoderOptions(Epochs: 1)).Train(new FeatureMatrix(x.Data.AsSpan(0, Math.Min(x.Rows, 1024) * x.Columns).ToArray(), x.Columns));

        foreach (var t in threads)
        {
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var model = new AutoencoderTrainer(new AutoencoderOptions(Epochs: epochs, Seed: 0, MaxDegreeOfParallelism: t)).Train(x);
            var wall = sw.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            Console.WriteLine($"ours_fit_s_j{t}={wall:F3}");
            Console.WriteLine($"ours_fit_cpu_s_j{t}={cpu:F3}");
            Console.WriteLine($"ours_epoch_ms_j{t}={wall / epochs * 1000:F1}");
            Console.WriteLine($"ours_final_loss_j{t}={model.TrainingLoss[^1]:G6}");
            if (model.ValidationLoss.Count > 0) Console.WriteLine($"ours_final_val_loss_j{t}={model.ValidationLoss[^1]:G6}");

            sw.Restart();
            var errors = model.ReconstructionErrors(x, t);
            Console.WriteLine($"ours_score_us_per_vector_j{t}={sw.Elapsed.TotalSeconds / x.Rows * 1e6:F2}");
            Console.WriteLine($"ours_mean_error_j{t}={errors.Average():G6}");
        }
        return 0;
    }

    private static FeatureMatrix Extract(string dir, int clips)
    {
        var files = Directory.GetFiles(dir, "*.wav").Order(StringComparer.Ordinal).Take(clips).ToList();
        var extractor = new FeatureExtractor(new FeatureSettings());
        var parts = files.Select(f => extractor.Extract(AudioFile.ReadAll(f))).ToList();
        var data = parts.SelectMany(p => p.Data).ToArray();
        Console.WriteLine($"clips={files.Count}");
        return new FeatureMatrix(data, parts[0].Columns);
    }

    private static FeatureMatrix Gaussian(int rows, int cols)
    {
        var rng = new Random(0);
        var data = new float[rows * cols];
        for (var i = 0; i < data.Length; i++)
            data[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return new FeatureMatrix(data, rows, cols);
    }

    /// <summary>.npy v1: little-endian float32, C order - what numpy.load reads.</summary>
    private static void WriteNpy(string path, FeatureMatrix x)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({x.Rows}, {x.Columns}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        f.Write(BitConverter.GetBytes((ushort)header.Length));
        f.Write(Encoding.ASCII.GetBytes(header));
        f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.Data.AsSpan()));
    }
}
