using AcousticAnomaly.Features;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using AcousticAnomaly.Models.IsolationForest;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Times IsolationForestTrainer.Train and IsolationForestScorer on one data set (a float32 .npy written by
/// iforest_bench.py, or synthetic gaussian data of the same default shape). Prints key=value lines (best of the
/// repeats) that iforest_bench.sh sets against scikit-learn's.
/// </summary>
public sealed class IsolationForestBenchmark : IBenchmark
{
    public string Name => "iforest";

    public string Usage => "[--npy file.npy | --rows 7725 --cols 640] [--repeats 5]  train + score 100 trees at 1 and 2 threads";

    public int Run(string[] args)
    {
        string? npy = null;
        int rows = 7725, cols = 640, repeats = 5;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--npy": npy = args[i + 1]; break;
                case "--rows": rows = int.Parse(args[i + 1]); break;
                case "--cols": cols = int.Parse(args[i + 1]); break;
                case "--repeats": repeats = int.Parse(args[i + 1]); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        var x = npy is null ? Gaussian(rows, cols) : ReadNpy(npy);
        Console.WriteLine($"data_rows={x.Rows}");
        Console.WriteLine($"data_cols={x.Columns}");

        // Warm-up so JIT time is not counted (sklearn's compiled code needs none).
        var warm = new IsolationForestTrainer(new IsolationForestOptions(TreeCount: 10)).Train(x);
        new IsolationForestScorer(warm).ScoreSamples(x);

        foreach (var threads in new[] { 1, 2 })
        {
            var options = new IsolationForestOptions(Seed: 0, MaxDegreeOfParallelism: threads);
            IsolationForestModel model = null!;
            var train = Best(repeats, () => model = new IsolationForestTrainer(options).Train(x));
            var scorer = new IsolationForestScorer(model);
            var scores = new double[x.Rows];
            var score = Best(repeats, () => scorer.ScoreSamples(x, scores, threads));
            Console.WriteLine($"ours_fit_s_j{threads}={train.Wall:F6}");
            Console.WriteLine($"ours_fit_cpu_s_j{threads}={train.Cpu:F6}");
            Console.WriteLine($"ours_score_s_j{threads}={score.Wall:F6}");
            Console.WriteLine($"ours_score_cpu_s_j{threads}={score.Cpu:F6}");
            Console.WriteLine($"ours_score_us_per_vector_j{threads}={score.Wall / x.Rows * 1e6:F3}");
        }

        // One vector at a time on one thread: the streaming path (ScoreSample on a span).
        var single = new IsolationForestScorer(new IsolationForestTrainer(new IsolationForestOptions(Seed: 0)).Train(x));
        var sink = 0.0;
        var perVector = Best(repeats, () =>
        {
            for (var r = 0; r < x.Rows; r++) sink += single.ScoreSample(x.Row(r));
        });
        Console.WriteLine($"ours_single_vector_us={perVector.Wall / x.Rows * 1e6:F3}");
        Console.WriteLine($"ours_single_vector_cpu_us={perVector.Cpu / x.Rows * 1e6:F3}");
        Console.WriteLine($"checksum={sink:R}");
        return 0;
    }

    /// <summary>Best wall time of the repeats; also the best process CPU time (the machine this runs on is shared, so CPU
    /// seconds are the steadier figure for one-thread runs).</summary>
    internal static (double Wall, double Cpu) Best(int repeats, Action action)
    {
        var process = Process.GetCurrentProcess();
        double wall = double.MaxValue, cpu = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            wall = Math.Min(wall, sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        return (wall, cpu);
    }

    private static FeatureMatrix Gaussian(int rows, int cols)
    {
        var rng = new Random(0);
        var data = new float[rows * cols];
        for (var i = 0; i < data.Length; i++)
            data[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return new FeatureMatrix(data, rows, cols);
    }

    /// <summary>Minimal .npy (v1/v2) reader for little-endian float32, C order, 2-D - what iforest_bench.py writes (also used by the autoencoder benchmark).</summary>
    internal static FeatureMatrix ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path}: not a .npy file");
        var major = bytes[6];
        int headerLength, headerStart;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); headerStart = 10; }
        else { headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)); headerStart = 12; }
        var header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        if (!header.Contains("'<f4'") || header.Contains("'fortran_order': True"))
            throw new InvalidDataException($"{path}: expected little-endian float32 in C order, header {header.Trim()}");
        var shape = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        var dims = shape[..shape.IndexOf(')')].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        if (dims.Length != 2) throw new InvalidDataException($"{path}: expected a 2-D array, shape ({string.Join(",", dims)})");
        var data = new float[dims[0] * dims[1]];
        var payload = bytes.AsSpan(headerStart + headerLength);
        if (payload.Length != data.Length * 4) throw new InvalidDataException($"{path}: {payload.Length} data bytes, expected {data.Length * 4}");
        payload.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        return new FeatureMatrix(data, dims[0], dims[1]);
    }
}
