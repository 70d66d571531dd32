using System.Text;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.KMeans;
using AcousticAnomaly.Models.OneClassSvm;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Training time of the k-means and one-class SVM detectors on real features, for detectors_bench.sh to set against
/// scikit-learn's KMeans / OneClassSVM on the same .npy. Two modes:
/// --write-npy extracts DCASE log-mel frame vectors (640 values) from the first --count WAV/FLAC files of --clips and
/// writes them as float32 .npy (so both sides train on identical data); --npy times training on such a file.
/// </summary>
public sealed class DetectorsBenchmark : IBenchmark
{
    public string Name => "detectors";

    public string Usage => "--write-npy x.npy --clips DIR [--count 25]  |  --npy x.npy [--repeats 3] [--svm-rows 4096] [--clusters 8]";

    public int Run(string[] args)
    {
        string? writeNpy = null, npy = null, clips = null;
        int count = 25, repeats = 3, svmRows = 4096, clusters = 8;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--write-npy": writeNpy = args[i + 1]; break;
                case "--clips": clips = args[i + 1]; break;
                case "--count": count = int.Parse(args[i + 1]); break;
                case "--npy": npy = args[i + 1]; break;
                case "--repeats": repeats = int.Parse(args[i + 1]); break;
                case "--svm-rows": svmRows = int.Parse(args[i + 1]); break;
                case "--clusters": clusters = int.Parse(args[i + 1]); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        if (writeNpy is not null && clips is not null) return WriteFeatures(clips, count, writeNpy);
        if (npy is null) { Console.Error.WriteLine(Usage); return 2; }

        var x = IsolationForestBenchmark.ReadNpy(npy);
        var svmData = new FeatureMatrix(x.Data.AsSpan(0, Math.Min(svmRows, x.Rows) * x.Columns).ToArray(), x.Columns);
        Console.WriteLine($"data_rows={x.Rows}");
        Console.WriteLine($"svm_rows={svmData.Rows}");

        // Warm-up at full size, so tiered JIT has promoted the hot loops before anything is timed.
        for (int w = 0; w < 2; w++)
        {
            new KMeansTrainer(new KMeansOptions(ClusterCount: clusters, Seed: 0)).Train(x);
            new OneClassSvmTrainer(new OneClassSvmOptions(Nu: 0.1, MaxTrainingVectors: svmData.Rows)).Train(svmData);
        }

        foreach (var threads in new[] { 1, 2 })
        {
            KMeansModel km = null!;
            var fit = Best(repeats, () => km = new KMeansTrainer(new KMeansOptions(ClusterCount: clusters, Seed: 0, MaxDegreeOfParallelism: threads)).Train(x));
            Console.WriteLine($"ours_kmeans_fit_s_j{threads}={fit.Wall:F6}");
            Console.WriteLine($"ours_kmeans_fit_cpu_s_j{threads}={fit.Cpu:F6}");
            Console.WriteLine($"ours_kmeans_iterations_j{threads}={km.Iterations}");
            Console.WriteLine($"ours_kmeans_s_per_iteration_j{threads}={fit.Wall / km.Iterations:F6}");

            OneClassSvmModel svm = null!;
            var svmFit = Best(repeats, () => svm = new OneClassSvmTrainer(new OneClassSvmOptions(Nu: 0.1, MaxTrainingVectors: svmData.Rows, MaxDegreeOfParallelism: threads)).Train(svmData));
            Console.WriteLine($"ours_ocsvm_fit_s_j{threads}={svmFit.Wall:F6}");
            Console.WriteLine($"ours_ocsvm_fit_cpu_s_j{threads}={svmFit.Cpu:F6}");
            Console.WriteLine($"ours_ocsvm_support_vectors={svm.SupportVectorCount}");
            Console.WriteLine($"ours_ocsvm_iterations={svm.Iterations}");
            Console.WriteLine($"ours_ocsvm_rho={svm.Rho:R}");
        }
        return 0;
    }

    private static int WriteFeatures(string dir, int count, string path)
    {
        var files = Directory.EnumerateFiles(dir).Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".flac", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Take(count).ToList();
        var extractor = new FeatureExtractor(new FeatureSettings());
        var parts = files.Select(f => extractor.Extract(AudioFile.ReadAll(f))).ToList();
        var data = parts.SelectMany(p => p.Data).ToArray();
        int cols = parts[0].Columns, rows = data.Length / cols;
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        // .npy v1: magic, version, 2-byte header length; header padded with spaces to a multiple of 64 and ended by \n.
        var total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var s = File.Create(path);
        s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        s.Write(BitConverter.GetBytes((ushort)header.Length));
        s.Write(Encoding.ASCII.GetBytes(header));
        s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        Console.WriteLine($"wrote {path}: {files.Count} clips, {rows} x {cols}");
        return 0;
    }

    private static (double Wall, double Cpu) Best(int repeats, Action action) => IsolationForestBenchmark.Best(repeats, action);
}
