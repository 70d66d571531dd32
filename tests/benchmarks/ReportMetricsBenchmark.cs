using System.Diagnostics;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Times the evaluation path on shared data written by report_metrics_bench.py: ModelEvaluator (ROC, AUC, pAUC,
/// confusion metrics) on labelled test scores, and the DCASE gamma threshold (3-parameter fit + 0.9 quantile) on
/// training scores. report_metrics_bench.sh runs the scikit-learn/SciPy side on the same files and prints ratios.
/// </summary>
public sealed class ReportMetricsBenchmark : IBenchmark
{
    public string Name => "evaluation-metrics";
    public string Usage => "<dir with test_scores.f64 test_labels.u8 train_scores.f64> [repeats]  time ModelEvaluator and the gamma threshold";

    public int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: evaluation-metrics <dir> [repeats]"); return 2; }
        int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var scores = ReadDoubles(Path.Combine(args[0], "test_scores.f64"));
        var labels = File.ReadAllBytes(Path.Combine(args[0], "test_labels.u8"));
        var train = ReadDoubles(Path.Combine(args[0], "train_scores.f64"));
        double threshold = 0;

        EvaluationResult? result = null;
        double evalMs = Median(repeats, () =>
        {
            threshold = NumpyPercentile.Compute(train, 90);
            var clips = new ScoredClip[scores.Length];
            for (int i = 0; i < scores.Length; i++)
                clips[i] = ScoredClip.Decide("", labels[i] == 1 ? ClipLabels.Anomaly : ClipLabels.Normal, scores[i], threshold);
            result = new ModelEvaluator().Evaluate(clips, threshold, "bench");
        });
        double gammaThreshold = 0;
        double gammaMs = Median(repeats, () => gammaThreshold = ThresholdCalculator.Compute(train, ThresholdMethod.Gamma, 0.9));

        Console.WriteLine($"C#  evaluate   n={scores.Length}: {evalMs:F3} ms (median of {repeats})  AUC={result!.Auc:R} pAUC={result.PAuc:R} F1={result.F1:R}");
        Console.WriteLine($"C#  gamma-thr  n={train.Length}: {gammaMs:F3} ms (median of {repeats})  threshold={gammaThreshold:R}");
        return 0;
    }

    private static double Median(int repeats, Action action)
    {
        action(); // warm-up (JIT)
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[r] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    private static double[] ReadDoubles(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 8);
        return values;
    }
}
