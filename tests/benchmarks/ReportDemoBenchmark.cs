using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Plots;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Not a timing: writes a sample HTML report from synthetic, seeded scores and spectrograms so the layout can be
/// checked in a browser (tests/reference/render_report.sh screenshots it). File names include &lt; &amp; " to show escaping.
/// </summary>
public sealed class ReportDemoBenchmark : IBenchmark
{
    public string Name => "report-demo";
    public string Usage => "<out.html>  write a sample evaluation report from synthetic scores";

    public int Run(string[] args)
    {
        if (args.Length != 1) { Console.Error.WriteLine("usage: report-demo <out.html>"); return 2; }
        var rng = new Random(42);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        var raw = new List<(string Path, string Label, double Score)>();
        for (int i = 0; i < 60; i++)
            raw.Add(($"fan/id_00/normal/normal_{i:D8}.wav", ClipLabels.Normal, 18 + 3.2 * Gauss()));
        for (int i = 0; i < 30; i++)
            raw.Add(($"fan/id_00/abnormal/anomaly_{i:D8}.wav", ClipLabels.Anomaly, 24 + 4.5 * Gauss()));
        raw.Add(("fan/odd <name> & \"quoted\".wav", ClipLabels.Anomaly, 17.5));

        // Threshold as the model would have it: 90th percentile of the normal scores.
        var normalScores = raw.Where(r => r.Label == ClipLabels.Normal).Select(r => r.Score).OrderBy(s => s).ToArray();
        double threshold = normalScores[(int)(0.9 * (normalScores.Length - 1))];
        var clips = raw.Select(r => ScoredClip.Decide(r.Path, r.Label, r.Score, threshold)).ToList();

        var result = new ModelEvaluator().Evaluate(clips, threshold, "fan-id_00-autoencoder");
        var renderer = new SpectrogramRenderer(new SpectrogramRenderOptions(PixelsPerFrame: 1, PixelsPerBin: 2));
        var specs = HtmlReport.WorstClips(clips, threshold, 4)
            .Select((c, k) => new ReportSpectrogram(c.Path, renderer.RenderPng(SyntheticLogMel(313, 64, k, c.Label == ClipLabels.Anomaly))))
            .ToList();
        HtmlReport.Save(args[0], result, clips, specs, generated: new DateTimeOffset(2025, 1, 15, 9, 30, 0, TimeSpan.Zero));
        Console.WriteLine($"wrote {Path.GetFullPath(args[0])}: AUC {result.Auc:F4} pAUC {result.PAuc:F4} F1 {result.F1:F4}");
        return 0;
    }

    // A fan-like log-mel picture: a falling broadband floor, a few harmonic lines, and for anomalies a periodic knock.
    private static float[][] SyntheticLogMel(int frames, int mels, int seed, bool anomalous)
    {
        var rng = new Random(100 + seed);
        var m = new float[frames][];
        for (int t = 0; t < frames; t++)
        {
            m[t] = new float[mels];
            for (int b = 0; b < mels; b++)
            {
                double v = -20 - 0.6 * b + 6 * (rng.NextDouble() - 0.5);
                if (b % 11 == 3) v += 18 - 0.15 * b;
                if (anomalous && t % 40 < 3) v += 25 * Math.Exp(-b / 30.0);
                m[t][b] = (float)v;
            }
        }
        return m;
    }
}
