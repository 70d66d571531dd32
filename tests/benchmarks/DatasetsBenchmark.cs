using System.Diagnostics;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Get-AudioDataset's scan and New-AudioAugmentation's throughput, in process (datasets.sh times the references).
/// <c>scan &lt;root&gt; [--repeat N]</c>: best-of-N DatasetScanner.Scan, prints SECONDS and the "*" row.
/// <c>augment &lt;root&gt; &lt;out&gt; &lt;recipe&gt;... [--limit N]</c>: reads, augments and writes the first N clips (all
/// labels, ordinal order) once per recipe, prints SECONDS and clips/s per recipe and in total.
/// </summary>
public sealed class DatasetsBenchmark : IBenchmark
{
    public string Name => "datasets";
    public string Usage => "scan <root> [--repeat N] | augment <root> <out> <recipe>... [--limit N]";

    public int Run(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine(Usage); return 2; }
        int Option(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);
        if (args[0] == "scan")
        {
            double best = double.MaxValue;
            IReadOnlyList<DatasetLabelSummary> rows = [];
            for (int i = 0; i < Option("--repeat", 3); i++)
            {
                var sw = Stopwatch.StartNew();
                rows = new DatasetScanner().Scan(args[1]);
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            var all = rows[^1];
            Console.Error.WriteLine($"scan: {all.Count} files, {rows.Count - 1} labels, total {all.TotalDuration}, longest {all.MaxDuration}, best {best * 1000:F0} ms");
            Console.WriteLine(FormattableString.Invariant($"SECONDS {best:F6}"));
            return 0;
        }
        if (args[0] == "augment" && args.Length >= 4)
        {
            int limit = Option("--limit", 200);
            var recipes = args.Skip(3).TakeWhile(a => a != "--limit").ToList();
            var inputs = DatasetFiles.Enumerate(args[1]).Take(limit).Select(f => new AugmentationInput(f.Path, f.Label)).ToList();
            double total = 0;
            foreach (var text in recipes)
            {
                var augmenter = new Augmenter(new AugmentationOptions
                {
                    Recipes = [AugmentationRecipe.Parse(text)], OutputDirectory = args[2], Overwrite = true,
                });
                var sw = Stopwatch.StartNew();
                foreach (var input in inputs) augmenter.Augment(input).ToList();
                double s = sw.Elapsed.TotalSeconds;
                total += s;
                Console.Error.WriteLine($"augment {text}: {inputs.Count} clips in {s * 1000:F0} ms = {inputs.Count / s:F0} clips/s");
            }
            Console.WriteLine(FormattableString.Invariant($"SECONDS {total:F6}"));
            return 0;
        }
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
