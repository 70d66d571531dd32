using System.Diagnostics;
using System.Globalization;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Times ONNX Runtime scoring of an exported Isolation Forest (100 trees, max_samples 256, 640 features - the DCASE
/// log-mel vector) on batches of random 640-value vectors, and reports the cost per vector. The forest is grown here
/// the way scikit-learn grows one (random feature, uniform threshold, depth limit 8) so the tree shapes are realistic.
/// </summary>
public sealed class OnnxRunBenchmark : IBenchmark
{
    public string Name => "onnx-run";
    public string Usage => "[batch=313] [iterations=200] [intraOpThreads=1] - ORT Run on an exported 100-tree forest, 640-dim vectors";

    public int Run(string[] args)
    {
        var batch = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 313;
        var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        const int features = 640, trees = 100, maxSamples = 256;

        var rng = new Random(1234);
        var model = GrowForest(rng, trees, maxSamples, features);
        var dir = Path.Combine(Path.GetTempPath(), "aa-onnx-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "forest.onnx");
        try
        {
            var sw = Stopwatch.StartNew();
            IsolationForestOnnxExporter.Export(model, path);
            var exportMs = sw.Elapsed.TotalMilliseconds;

            sw.Restart();
            using var session = OnnxSession.Open(path, new OnnxSessionOptions { IntraOpThreads = threads });
            var openMs = sw.Elapsed.TotalMilliseconds;

            var data = new float[batch * features];
            for (var i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 10 - 5);
            var input = OnnxTensor.FromFloat(data, batch, features);
            for (var i = 0; i < 10; i++) session.Run("X", input);

            var samples = new double[iterations];
            for (var i = 0; i < iterations; i++)
            {
                sw.Restart();
                session.Run("X", input);
                samples[i] = sw.Elapsed.TotalMilliseconds;
            }
            Array.Sort(samples);
            var median = samples[iterations / 2];
            var mean = samples.Average();
            Console.WriteLine($"onnx-run: ORT {OnnxSession.RuntimeVersion}, forest {trees} trees x max_samples {maxSamples}, {features} features, " +
                              $"{model.Trees.Sum(t => t.NodeCount)} nodes, model {new FileInfo(path).Length / 1024.0:F0} KiB");
            Console.WriteLine($"  export {exportMs:F1} ms, session open (library load + first session) {openMs:F1} ms, intra-op threads {threads}");
            Console.WriteLine($"  batch {batch} vectors x {iterations} runs: median {median:F3} ms/run, mean {mean:F3} ms/run, " +
                              $"min {samples[0]:F3}, p90 {samples[(int)(iterations * 0.9)]:F3}");
            Console.WriteLine($"  per vector: median {median * 1000 / batch:F2} us, mean {mean * 1000 / batch:F2} us, min {samples[0] * 1000 / batch:F2} us");
            // Shared machines skew medians; the load average says how much to trust them (min is the least disturbed figure).
            if (File.Exists("/proc/loadavg")) Console.WriteLine($"  load average: {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IsolationForestModel GrowForest(Random rng, int trees, int maxSamples, int features)
    {
        var maxDepth = (int)Math.Ceiling(Math.Log2(maxSamples));
        var list = new List<IsolationTree>(trees);
        for (var t = 0; t < trees; t++)
        {
            var data = new float[maxSamples][];
            for (var i = 0; i < maxSamples; i++)
            {
                data[i] = new float[features];
                for (var f = 0; f < features; f++) data[i][f] = (float)(rng.NextDouble() * 10 - 5);
            }
            var left = new List<int>(); var right = new List<int>(); var feat = new List<int>(); var thr = new List<float>();
            var ns = new List<int>(); var dep = new List<int>();
            int Grow(int[] idx, int depth)
            {
                var id = left.Count;
                left.Add(-1); right.Add(-1); feat.Add(-1); thr.Add(0); ns.Add(idx.Length); dep.Add(depth);
                if (depth >= maxDepth || idx.Length <= 1) return id;
                var f = rng.Next(features);
                var min = idx.Min(i => data[i][f]);
                var max = idx.Max(i => data[i][f]);
                if (min == max) return id;
                var th = (float)(min + rng.NextDouble() * (max - min));
                if (th >= max) th = min;
                feat[id] = f; thr[id] = th;
                var l = Grow(idx.Where(i => data[i][f] <= th).ToArray(), depth + 1);
                var r = Grow(idx.Where(i => data[i][f] > th).ToArray(), depth + 1);
                left[id] = l; right[id] = r;
                return id;
            }
            Grow(Enumerable.Range(0, maxSamples).ToArray(), 0);
            list.Add(new IsolationTree(left.ToArray(), right.ToArray(), feat.ToArray(), thr.ToArray(), ns.ToArray(), dep.ToArray()));
        }
        return new IsolationForestModel(list, maxSamples, features, -0.5);
    }
}
