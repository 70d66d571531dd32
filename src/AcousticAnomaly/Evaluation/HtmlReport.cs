using AcousticAnomaly.IO;
using System.Globalization;
using System.Net;
using System.Text;
using AcousticAnomaly.Plots;

namespace AcousticAnomaly.Evaluation;

/// <summary>
/// One self-contained HTML evaluation report: no scripts, fonts, stylesheets or images from outside the file (CSS
/// inline, charts as inline SVG, spectrograms as data: URIs), so it can be mailed or archived as one file. Every
/// number is formatted with the invariant culture and every piece of text from the data is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string NormalColour = "#2f6db5";
    private const string AnomalyColour = "#e0742b";
    private const string ThresholdColour = "#c0262d";

    /// <summary>Builds the report text. <paramref name="clips"/> must be the clips <paramref name="result"/> was computed from.</summary>
    public static string Render(EvaluationResult result, IReadOnlyList<ScoredClip> clips,
        IReadOnlyList<ReportSpectrogram>? spectrograms = null, string? title = null, DateTimeOffset? generated = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(clips);
        var positive = clips.Select(c => ClipLabels.IsPositive(c.Label, c.Path)).ToArray();
        var scores = clips.Select(c => c.Score).ToArray();
        var roc = RocCurve.Compute(positive, scores);
        title ??= $"Anomaly detection report: {result.Model}";

        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(E(title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        sb.Append("<header><h1>").Append(E(title)).Append("</h1><p class=\"sub\">Model <b>").Append(E(result.Model))
          .Append("</b> &middot; ").Append(result.NormalCount.ToString(Inv)).Append(" normal and ")
          .Append(result.AbnormalCount.ToString(Inv)).Append(" anomalous clips &middot; threshold ")
          .Append(N(result.Threshold, "G6"));
        if (generated is { } g) sb.Append(" &middot; generated ").Append(E(g.ToString("yyyy-MM-dd HH:mm zzz", Inv)));
        sb.Append("</p></header>\n<main>\n");

        // Headline numbers.
        sb.Append("<section class=\"kpis\">");
        Kpi(sb, "AUC", result.Auc, "area under the ROC");
        Kpi(sb, "pAUC", result.PAuc, "FPR &le; 0.1, McClish");
        Kpi(sb, "F1", result.F1, "at the stored threshold");
        Kpi(sb, "Best F1", result.BestF1, "at threshold " + N(result.BestF1Threshold, "G4"));
        Kpi(sb, "Precision", result.Precision, "flagged that are anomalies");
        Kpi(sb, "Recall", result.Recall, "anomalies flagged");
        Kpi(sb, "Accuracy", result.Accuracy, "all clips");
        sb.Append("</section>\n");

        sb.Append("<section class=\"grid\">\n<div class=\"card\"><h2>ROC curve</h2>");
        RocSvg(sb, roc, result);
        sb.Append("</div>\n<div class=\"card\"><h2>Score distribution</h2>");
        HistogramSvg(sb, clips, positive, result.Threshold);
        sb.Append("</div>\n</section>\n");

        sb.Append("<section class=\"grid\">\n<div class=\"card\"><h2>Confusion matrix</h2>");
        ConfusionTable(sb, result);
        sb.Append("</div>\n<div class=\"card\"><h2>Metrics</h2>");
        MetricsTable(sb, result);
        sb.Append("</div>\n</section>\n");

        if (spectrograms is { Count: > 0 })
        {
            var byPath = clips.GroupBy(c => c.Path).ToDictionary(g => g.Key, g => g.First());
            sb.Append("<section class=\"card\"><h2>Waveforms, spectrograms and scores over time of the worst-scored clips</h2><div class=\"specs\">");
            foreach (var s in spectrograms)
            {
                sb.Append("<figure>");
                if (s.Envelope is { Length: > 0 } envelope) WaveformSvg(sb, envelope);
                sb.Append("<img alt=\"log-mel spectrogram of ").Append(E(FileName(s.Path))).Append("\" src=\"data:image/png;base64,")
                  .Append(Convert.ToBase64String(s.Png)).Append("\">");
                if (s.VectorScores is { Length: > 1 } vs) ScoreOverTimeSvg(sb, vs, result.Threshold);
                sb.Append("<figcaption><span class=\"path\" title=\"").Append(E(s.Path)).Append("\">")
                  .Append(E(FileName(s.Path))).Append("</span>");
                if (byPath.TryGetValue(s.Path, out var c))
                    sb.Append("<br>").Append(E(c.Label)).Append(", score ").Append(N(c.Score, "G6"))
                      .Append(c.IsAnomaly == ClipLabels.IsPositive(c.Label, c.Path) ? "" : " &middot; <b class=\"bad\">misclassified</b>");
                sb.Append("</figcaption></figure>");
            }
            sb.Append("</div><p class=\"note\">Time left to right: the waveform (min/max envelope) above the log-mel spectrogram (low frequencies ")
              .Append("at the bottom, viridis colour scale over the top 80 dB), and below it the model's score of each feature vector with the ")
              .Append("threshold dashed (the clip's score is their mean).</p></section>\n");
        }

        FileTable(sb, clips, positive);
        sb.Append("</main>\n<footer>Anomaly = score &gt; threshold; anomaly is the positive class. Ratios with a zero denominator are shown as 0 ")
          .Append("(scikit-learn's zero_division=0). pAUC is scikit-learn's roc_auc_score(max_fpr=0.1), as DCASE scores it.</footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void WaveformSvg(StringBuilder sb, float[] envelope)
    {
        const double w = 400, h = 48;
        int slices = envelope.Length / 2;
        double peak = Math.Max(1e-9, envelope.Max(v => Math.Abs(v)));
        sb.Append("<svg class=\"wave\" viewBox=\"0 0 400 48\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"waveform\"><path fill=\"#3b6ea8\" d=\"");
        for (int i = 0; i < slices; i++) sb.Append(i == 0 ? 'M' : 'L').Append(N(i * w / slices, "0.##")).Append(',').Append(N(h / 2 - envelope[2 * i + 1] / peak * h / 2, "0.##"));
        for (int i = slices - 1; i >= 0; i--) sb.Append('L').Append(N(i * w / slices, "0.##")).Append(',').Append(N(h / 2 - envelope[2 * i] / peak * h / 2, "0.##"));
        sb.Append("Z\"/></svg>");
    }

    private static void ScoreOverTimeSvg(StringBuilder sb, double[] scores, double threshold)
    {
        const double w = 400, h = 60;
        double lo = Math.Min(scores.Min(), threshold), hi = Math.Max(scores.Max(), threshold);
        if (hi <= lo) hi = lo + 1;
        double Y(double v) => h - 4 - (v - lo) / (hi - lo) * (h - 8);
        sb.Append("<svg class=\"wave\" viewBox=\"0 0 400 60\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"score over time\">")
          .Append("<line x1=\"0\" x2=\"400\" y1=\"").Append(N(Y(threshold), "0.##")).Append("\" y2=\"").Append(N(Y(threshold), "0.##"))
          .Append("\" stroke=\"").Append(ThresholdColour).Append("\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/><polyline fill=\"none\" stroke=\"#222\" stroke-width=\"1.2\" points=\"");
        foreach (int i in DrawnPoints(scores, (int)w)) sb.Append(N(i * w / (scores.Length - 1), "0.##")).Append(',').Append(N(Y(scores[i]), "0.##")).Append(' ');
        sb.Append("\"/></svg>");
    }

    /// <summary>
    /// Indices of the scores to draw: all of them when they fit twice in the picture's width, else the lowest and the
    /// highest of each pixel column in time order - what the picture can show - so a long clip's vectors (~112k an hour)
    /// do not bloat the page (issue 15 item 13).
    /// </summary>
    private static IEnumerable<int> DrawnPoints(double[] scores, int width)
    {
        int n = scores.Length;
        if (n <= 2 * width)
        {
            for (int i = 0; i < n; i++) yield return i;
            yield break;
        }
        for (int c = 0; c < width; c++)
        {
            int from = (int)((long)c * n / width), to = (int)((long)(c + 1) * n / width), lo = from, hi = from;
            for (int i = from; i < to; i++)
            {
                if (scores[i] < scores[lo]) lo = i;
                if (scores[i] > scores[hi]) hi = i;
            }
            yield return Math.Min(lo, hi);
            if (lo != hi) yield return Math.Max(lo, hi);
        }
    }

    /// <summary>Writes the report to <paramref name="path"/> via a temporary file and a rename.</summary>
    public static void Save(string path, EvaluationResult result, IReadOnlyList<ScoredClip> clips,
        IReadOnlyList<ReportSpectrogram>? spectrograms = null, string? title = null, DateTimeOffset? generated = null) =>
        AtomicFile.WriteAllText(path, Render(result, clips, spectrograms, title, generated));

    /// <summary>
    /// The clips most worth a look: misclassified ones first, furthest from the threshold first (a confident wrong
    /// answer is worse than a near miss), then correct ones nearest the threshold.
    /// </summary>
    public static IReadOnlyList<ScoredClip> WorstClips(IReadOnlyList<ScoredClip> clips, double threshold, int count)
    {
        ArgumentNullException.ThrowIfNull(clips);
        return clips
            .Select(c => (Clip: c, Wrong: c.IsAnomaly != ClipLabels.IsPositive(c.Label, c.Path), Margin: Math.Abs(c.Score - threshold)))
            .OrderByDescending(x => x.Wrong)
            .ThenBy(x => x.Wrong ? -x.Margin : x.Margin)
            .Take(Math.Max(0, count))
            .Select(x => x.Clip)
            .ToList();
    }

    internal static void Kpi(StringBuilder sb, string name, double value, string hint) =>
        sb.Append("<div class=\"kpi\"><div class=\"kname\">").Append(name).Append("</div><div class=\"kval\">")
          .Append(N(value, "0.0000")).Append("</div><div class=\"khint\">").Append(hint).Append("</div></div>");

    private static void RocSvg(StringBuilder sb, RocCurve roc, EvaluationResult r)
    {
        const double left = 52, top = 34, size = 340, w = left + size + 20, h = top + size + 48;
        string X(double f) => N(left + f * size, "0.##");
        string Y(double t) => N(top + (1 - t) * size, "0.##");
        sb.Append("<svg class=\"chart\" viewBox=\"0 0 ").Append(N(w, "0")).Append(' ').Append(N(h, "0"))
          .Append("\" role=\"img\" aria-label=\"ROC curve\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append("<text class=\"ctitle\" x=\"").Append(X(0.5)).Append("\" y=\"20\" text-anchor=\"middle\">AUC ")
          .Append(N(r.Auc, "0.0000")).Append(" &#183; pAUC ").Append(N(r.PAuc, "0.0000")).Append("</text>");
        // The region pAUC measures.
        sb.Append("<rect x=\"").Append(X(0)).Append("\" y=\"").Append(Y(1)).Append("\" width=\"").Append(N(0.1 * size, "0.##"))
          .Append("\" height=\"").Append(N(size, "0")).Append("\" fill=\"#f3c98b\" fill-opacity=\"0.35\"/>");
        sb.Append("<text class=\"small\" x=\"").Append(X(0.05)).Append("\" y=\"").Append(N(top + 14, "0")).Append("\" text-anchor=\"middle\">pAUC</text>");
        for (int i = 0; i <= 5; i++)
        {
            double v = i / 5.0;
            sb.Append("<line class=\"grid\" x1=\"").Append(X(v)).Append("\" y1=\"").Append(Y(0)).Append("\" x2=\"").Append(X(v)).Append("\" y2=\"").Append(Y(1)).Append("\"/>");
            sb.Append("<line class=\"grid\" x1=\"").Append(X(0)).Append("\" y1=\"").Append(Y(v)).Append("\" x2=\"").Append(X(1)).Append("\" y2=\"").Append(Y(v)).Append("\"/>");
            sb.Append("<text class=\"tick\" x=\"").Append(X(v)).Append("\" y=\"").Append(N(top + size + 16, "0")).Append("\" text-anchor=\"middle\">").Append(N(v, "0.0")).Append("</text>");
            sb.Append("<text class=\"tick\" x=\"").Append(N(left - 6, "0")).Append("\" y=\"").Append(N(top + (1 - v) * size + 4, "0.##")).Append("\" text-anchor=\"end\">").Append(N(v, "0.0")).Append("</text>");
        }
        sb.Append("<rect class=\"frame\" x=\"").Append(X(0)).Append("\" y=\"").Append(Y(1)).Append("\" width=\"").Append(N(size, "0")).Append("\" height=\"").Append(N(size, "0")).Append("\"/>");
        sb.Append("<line x1=\"").Append(X(0)).Append("\" y1=\"").Append(Y(0)).Append("\" x2=\"").Append(X(1)).Append("\" y2=\"").Append(Y(1))
          .Append("\" stroke=\"#888\" stroke-dasharray=\"5 4\" stroke-width=\"1.2\"/>");
        sb.Append("<polyline fill=\"none\" stroke=\"").Append(AnomalyColour).Append("\" stroke-width=\"2.4\" stroke-linejoin=\"round\" points=\"");
        for (int i = 0; i < roc.Fpr.Count; i++) sb.Append(X(roc.Fpr[i])).Append(',').Append(Y(roc.Tpr[i])).Append(' ');
        sb.Append("\"/>");
        sb.Append("<text class=\"axis\" x=\"").Append(X(0.5)).Append("\" y=\"").Append(N(h - 8, "0")).Append("\" text-anchor=\"middle\">False positive rate</text>");
        sb.Append("<text class=\"axis\" transform=\"translate(14 ").Append(N(top + size / 2, "0")).Append(") rotate(-90)\" text-anchor=\"middle\">True positive rate</text>");
        sb.Append("</svg>");
    }

    private static void HistogramSvg(StringBuilder sb, IReadOnlyList<ScoredClip> clips, bool[] positive, double threshold)
    {
        const double left = 52, top = 34, pw = 360, ph = 300, w = left + pw + 20, h = top + ph + 90;
        const int bins = 30;
        double lo = Math.Min(clips.Min(c => c.Score), threshold), hi = Math.Max(clips.Max(c => c.Score), threshold);
        if (hi == lo) { lo -= 0.5; hi += 0.5; }
        double pad = (hi - lo) * 0.03;
        lo -= pad; hi += pad;
        var normal = new int[bins];
        var anomaly = new int[bins];
        for (int i = 0; i < clips.Count; i++)
        {
            int b = Math.Clamp((int)((clips[i].Score - lo) / (hi - lo) * bins), 0, bins - 1);
            if (positive[i]) anomaly[b]++; else normal[b]++;
        }
        // Share of each class per bin, so a small anomaly set is as visible as a large normal one.
        int nNormal = Math.Max(1, positive.Count(p => !p)), nAnomaly = Math.Max(1, positive.Count(p => p));
        double maxShare = Math.Max(normal.Max() / (double)nNormal, anomaly.Max() / (double)nAnomaly);
        double yStep = NiceStep(maxShare / 4);
        int yTicks = Math.Max(1, (int)Math.Ceiling(maxShare / yStep - 1e-9));
        double yMax = yStep * yTicks;
        string X(double s) => N(left + (s - lo) / (hi - lo) * pw, "0.##");
        string Y(double share) => N(top + (1 - share / yMax) * ph, "0.##");

        sb.Append("<svg class=\"chart\" viewBox=\"0 0 ").Append(N(w, "0")).Append(' ').Append(N(h, "0"))
          .Append("\" role=\"img\" aria-label=\"Score histograms\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append("<text class=\"ctitle\" x=\"").Append(N(left + pw / 2, "0")).Append("\" y=\"20\" text-anchor=\"middle\">Share of clips per score bin</text>");
        for (int i = 0; i <= yTicks; i++)
        {
            double v = yStep * i;
            sb.Append("<line class=\"grid\" x1=\"").Append(N(left, "0")).Append("\" y1=\"").Append(Y(v)).Append("\" x2=\"").Append(N(left + pw, "0")).Append("\" y2=\"").Append(Y(v)).Append("\"/>");
            sb.Append("<text class=\"tick\" x=\"").Append(N(left - 6, "0")).Append("\" y=\"").Append(N(top + (1 - v / yMax) * ph + 4, "0.##")).Append("\" text-anchor=\"end\">")
              .Append(N(v * 100, "0.#")).Append("%</text>");
        }
        double binWidth = (hi - lo) / bins;
        for (int b = 0; b < bins; b++)
        {
            Bar(sb, X(lo + b * binWidth), pw / bins, normal[b] / (double)nNormal, NormalColour);
            Bar(sb, X(lo + b * binWidth), pw / bins, anomaly[b] / (double)nAnomaly, AnomalyColour);
        }
        // Ticks at round values (k * a 1-2-2.5-5 step): evenly split edges like -0.07958 are hard to read.
        double xStep = NiceStep((hi - lo) / 5);
        for (long k = (long)Math.Ceiling(lo / xStep); k * xStep <= hi; k++)
        {
            double s = k * xStep;
            sb.Append("<line class=\"grid\" x1=\"").Append(X(s)).Append("\" y1=\"").Append(N(top, "0")).Append("\" x2=\"").Append(X(s)).Append("\" y2=\"").Append(N(top + ph + 4, "0")).Append("\"/>");
            sb.Append("<text class=\"tick\" x=\"").Append(X(s)).Append("\" y=\"").Append(N(top + ph + 16, "0")).Append("\" text-anchor=\"middle\">").Append(N(s, "G6")).Append("</text>");
        }
        sb.Append("<rect class=\"frame\" x=\"").Append(N(left, "0")).Append("\" y=\"").Append(N(top, "0")).Append("\" width=\"").Append(N(pw, "0")).Append("\" height=\"").Append(N(ph, "0")).Append("\"/>");
        sb.Append("<line x1=\"").Append(X(threshold)).Append("\" y1=\"").Append(N(top - 4, "0")).Append("\" x2=\"").Append(X(threshold)).Append("\" y2=\"").Append(N(top + ph, "0"))
          .Append("\" stroke=\"").Append(ThresholdColour).Append("\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>");
        double tx = left + (threshold - lo) / (hi - lo) * pw;
        bool labelLeft = tx > left + pw * 0.7;
        sb.Append("<text class=\"small\" fill=\"").Append(ThresholdColour).Append("\" x=\"").Append(N(labelLeft ? tx - 5 : tx + 5, "0.##")).Append("\" y=\"").Append(N(top + 12, "0"))
          .Append("\" text-anchor=\"").Append(labelLeft ? "end" : "start").Append("\">threshold ").Append(N(threshold, "G5")).Append("</text>");
        sb.Append("<text class=\"axis\" x=\"").Append(N(left + pw / 2, "0")).Append("\" y=\"").Append(N(top + ph + 38, "0")).Append("\" text-anchor=\"middle\">Anomaly score (higher = more anomalous)</text>");
        // Legend.
        double ly = top + ph + 62;
        Legend(sb, left + pw / 2 - 150, ly, NormalColour, $"normal ({positive.Count(p => !p).ToString(Inv)})");
        Legend(sb, left + pw / 2 - 20, ly, AnomalyColour, $"anomaly ({positive.Count(p => p).ToString(Inv)})");
        sb.Append("<line x1=\"").Append(N(left + pw / 2 + 100, "0")).Append("\" y1=\"").Append(N(ly - 4, "0")).Append("\" x2=\"").Append(N(left + pw / 2 + 116, "0")).Append("\" y2=\"").Append(N(ly - 4, "0"))
          .Append("\" stroke=\"").Append(ThresholdColour).Append("\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>");
        sb.Append("<text class=\"small\" x=\"").Append(N(left + pw / 2 + 121, "0")).Append("\" y=\"").Append(N(ly, "0")).Append("\">threshold</text>");
        sb.Append("</svg>");

        void Bar(StringBuilder s, string x, double width, double share, string colour)
        {
            if (share <= 0) return;
            s.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(Y(share)).Append("\" width=\"").Append(N(width, "0.##"))
             .Append("\" height=\"").Append(N(share / yMax * ph, "0.##")).Append("\" fill=\"").Append(colour)
             .Append("\" fill-opacity=\"0.55\" stroke=\"").Append(colour).Append("\" stroke-width=\"0.6\"/>");
        }
    }

    private static void Legend(StringBuilder sb, double x, double y, string colour, string text) =>
        sb.Append("<rect x=\"").Append(N(x, "0.##")).Append("\" y=\"").Append(N(y - 10, "0.##")).Append("\" width=\"12\" height=\"12\" fill=\"").Append(colour)
          .Append("\" fill-opacity=\"0.55\" stroke=\"").Append(colour).Append("\"/><text class=\"small\" x=\"").Append(N(x + 17, "0.##")).Append("\" y=\"").Append(N(y, "0.##"))
          .Append("\">").Append(E(text)).Append("</text>");

    // The smallest of 1, 2, 2.5, 5 x 10^k not below v: axis steps people can read.
    private static double NiceStep(double v)
    {
        if (!(v > 0)) return 1;
        double exp = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (double m in new[] { 1, 2, 2.5, 5, 10 })
            if (m * exp >= v * (1 - 1e-12)) return m * exp;
        return 10 * exp;
    }

    private static void ConfusionTable(StringBuilder sb, EvaluationResult r)
    {
        int total = r.TruePositives + r.FalsePositives + r.TrueNegatives + r.FalseNegatives;
        string Cell(int count, bool good, string name) =>
            $"<td class=\"cm {(good ? "good" : "badc")}\"><div class=\"cmn\">{count.ToString(Inv)}</div><div class=\"cml\">{name} &middot; {N(total == 0 ? 0 : 100.0 * count / total, "0.0")}%</div></td>";
        sb.Append("<table class=\"confusion\"><thead><tr><th></th><th>predicted normal</th><th>predicted anomaly</th></tr></thead><tbody>")
          .Append("<tr><th>actual normal</th>").Append(Cell(r.TrueNegatives, true, "true negative")).Append(Cell(r.FalsePositives, false, "false positive")).Append("</tr>")
          .Append("<tr><th>actual anomaly</th>").Append(Cell(r.FalseNegatives, false, "false negative")).Append(Cell(r.TruePositives, true, "true positive")).Append("</tr>")
          .Append("</tbody></table>");
    }

    private static void MetricsTable(StringBuilder sb, EvaluationResult r)
    {
        sb.Append("<table class=\"metrics\"><tbody>");
        Row("Model", E(r.Model));
        Row("Normal clips", r.NormalCount.ToString(Inv));
        Row("Anomalous clips", r.AbnormalCount.ToString(Inv));
        Row("AUC", N(r.Auc, "0.0000"));
        Row("pAUC (FPR &le; 0.1)", N(r.PAuc, "0.0000"));
        Row("Threshold", N(r.Threshold, "G8"));
        Row("Precision", N(r.Precision, "0.0000"));
        Row("Recall", N(r.Recall, "0.0000"));
        Row("F1", N(r.F1, "0.0000"));
        Row("Best F1 (any threshold)", N(r.BestF1, "0.0000") + " at " + N(r.BestF1Threshold, "G8"));
        Row("Accuracy", N(r.Accuracy, "0.0000"));
        sb.Append("</tbody></table>");
        void Row(string k, string v) => sb.Append("<tr><th>").Append(k).Append("</th><td>").Append(v).Append("</td></tr>");
    }

    private static void FileTable(StringBuilder sb, IReadOnlyList<ScoredClip> clips, bool[] positive)
    {
        int wrong = 0;
        for (int i = 0; i < clips.Count; i++) if (clips[i].IsAnomaly != positive[i]) wrong++;
        sb.Append("<section class=\"card\"><h2>Clips <span class=\"count\">").Append(clips.Count.ToString(Inv)).Append(" files, ")
          .Append(wrong.ToString(Inv)).Append(" misclassified, highest score first");
        // Long absolute paths would push everything else out of the table: show them relative to the folder all share.
        var folder = CommonFolder(clips);
        if (folder.Length > 0) sb.Append(", paths relative to <span class=\"path\">").Append(E(folder)).Append("</span>");
        sb.Append("</span></h2>")
          .Append("<table class=\"files\"><thead><tr><th>#</th><th>File</th><th>Label</th><th class=\"num\">Score</th><th>Decision</th><th>Correct</th></tr></thead><tbody>");
        var order = Enumerable.Range(0, clips.Count).OrderByDescending(i => clips[i].Score).ThenBy(i => clips[i].Path, StringComparer.Ordinal);
        int rank = 0;
        foreach (int i in order)
        {
            var c = clips[i];
            bool ok = c.IsAnomaly == positive[i];
            sb.Append(ok ? "<tr>" : "<tr class=\"wrong\">")
              .Append("<td class=\"num dim\">").Append((++rank).ToString(Inv)).Append("</td>")
              .Append("<td class=\"path\" title=\"").Append(E(c.Path)).Append("\">").Append(E(c.Path[folder.Length..])).Append("</td>")
              .Append("<td><span class=\"tag ").Append(positive[i] ? "ta" : "tn").Append("\">").Append(E(c.Label)).Append("</span></td>")
              .Append("<td class=\"num\">").Append(N(c.Score, "G6")).Append("</td>")
              .Append("<td>").Append(c.IsAnomaly ? "anomaly" : "normal").Append("</td>")
              .Append("<td>").Append(ok ? "<span class=\"ok\">&#10003; yes</span>" : "<span class=\"bad\">&#10007; no</span>").Append("</td></tr>\n");
        }
        sb.Append("</tbody></table></section>\n");
    }

    /// <summary>The longest folder prefix (ending in a separator) shared by every clip's path, or "".</summary>
    private static string CommonFolder(IReadOnlyList<ScoredClip> clips)
    {
        if (clips.Count == 0) return "";
        string first = clips[0].Path;
        int common = first.Length;
        foreach (var c in clips)
        {
            int n = 0, max = Math.Min(common, c.Path.Length);
            while (n < max && c.Path[n] == first[n]) n++;
            common = n;
        }
        int cut = Math.Max(first.LastIndexOf('/', Math.Max(0, common - 1)), first.LastIndexOf('\\', Math.Max(0, common - 1)));
        return common == 0 || cut < 0 ? "" : first[..(cut + 1)];
    }

    private static string FileName(string path)
    {
        int cut = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return cut >= 0 ? path[(cut + 1)..] : path;
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string N(double v, string format) =>
        double.IsFinite(v) ? v.ToString(format, Inv) : v.ToString(Inv);

    internal const string Css = """

:root{--ink:#1d2430;--dim:#5b6472;--line:#e3e7ee;--bg:#f5f7fa;--card:#fff;--accent:#2f6db5}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{background:#1f2d3d;color:#fff;padding:22px 32px 18px}
header h1{margin:0 0 4px;font-size:22px;font-weight:600;letter-spacing:.2px}
header .sub{margin:0;color:#c9d3df}
main{max-width:1120px;margin:0 auto;padding:20px 24px 8px}
h2{font-size:15px;margin:0 0 10px;font-weight:600;color:#27313f}
h2 .count{font-weight:400;color:var(--dim);font-size:13px;margin-left:6px}
h2 .count .path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:var(--ink)}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin-bottom:18px;box-shadow:0 1px 2px rgba(20,30,50,.04)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:18px;margin-bottom:0}
.kpis{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin-bottom:18px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.kname{font-size:12px;text-transform:uppercase;letter-spacing:.6px;color:var(--dim)}
.kval{font-size:24px;font-weight:600;font-variant-numeric:tabular-nums;margin:2px 0}
.khint{font-size:11.5px;color:var(--dim)}
svg.chart{width:100%;height:auto;display:block}
svg .grid{stroke:#edf0f4;stroke-width:1}
svg .frame{fill:none;stroke:#9aa3af;stroke-width:1}
svg .tick{font-size:11px;fill:#5b6472}
svg .axis{font-size:12.5px;fill:#27313f}
svg .small{font-size:11.5px;fill:#27313f}
svg .ctitle{font-size:13.5px;font-weight:600;fill:#27313f}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line)}
.metrics th{font-weight:500;color:var(--dim);width:45%}
.metrics td{font-variant-numeric:tabular-nums;font-weight:600}
.confusion th{font-weight:500;color:var(--dim);border:none;text-align:center}
.confusion tbody th{text-align:right}
td.cm{text-align:center;border:4px solid #fff;border-radius:6px;padding:18px 8px}
td.cm.good{background:#e3f1e6}
td.cm.badc{background:#fbe6e4}
.cmn{font-size:28px;font-weight:600;font-variant-numeric:tabular-nums}
.cml{font-size:12px;color:var(--dim)}
.files{font-size:13px}
.files thead th{position:sticky;top:0;background:#fafbfc;color:var(--dim);font-weight:600;border-bottom:2px solid var(--line)}
.files td.path{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.files th:first-child{width:44px}
.num{text-align:right;font-variant-numeric:tabular-nums}
.dim{color:#98a0ab}
tr.wrong{background:#fff4f2}
.tag{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px}
.tag.tn{background:#e4edf8;color:#244f85}
.tag.ta{background:#fbe9dc;color:#9a4a14}
.ok{color:#23803a}
.bad{color:#c0262d;font-weight:600}
.specs{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:14px}
figure{margin:0}
figure img{width:100%;height:150px;image-rendering:pixelated;border:1px solid var(--line);border-radius:4px;display:block}
figure svg.wave{width:100%;height:48px;display:block;margin:2px 0}
figcaption{font-size:12px;color:var(--dim);margin-top:4px}
figcaption .path{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all;color:var(--ink)}
.note{color:var(--dim);font-size:12px;margin:10px 0 0}
footer{max-width:1120px;margin:0 auto;padding:0 24px 28px;color:var(--dim);font-size:12px}
@media (max-width:900px){.kpis{grid-template-columns:repeat(3,1fr)}}

""";
}
