using System.Globalization;
using System.Net;
using System.Text;
using AcousticAnomaly.IO;
using AcousticAnomaly.Plots;

namespace AcousticAnomaly.Evaluation;

/// <summary>
/// The classifier's evaluation as one self-contained HTML page in the anomaly report's style: accuracy, macro F1 and
/// the silhouette of the labels in feature space; the confusion matrix (cells shaded by row share); the per-class
/// table; a 2-D PCA scatter of the clips' standardised embeddings (the model's penultimate layer) or features coloured
/// by true label (misclassified clips ringed);
/// and the worst-classified clips (lowest probability of their true label) with spectrograms.
/// </summary>
public static class ClassifierHtmlReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    /// <summary>Label colours of the scatter (the PNG export uses the same ones).</summary>
    public static IReadOnlyList<string> Palette => Plots.LabelPalette.Colours;

    /// <summary>What the scatter shows: the model's penultimate layer, or (a model without an "embedding" output) its input features.</summary>
    public const string EmbeddingSpace = "Embeddings (penultimate layer)", FeatureSpace = "Features";

    public static string Render(string model, ClassificationReport report, IReadOnlyList<ClassifierReportClip> clips, double silhouette,
        IReadOnlyList<double> explainedVariance, IReadOnlyList<ReportSpectrogram> worst, DateTimeOffset? generated = null, string space = FeatureSpace)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(clips);
        var title = $"Classifier report: {model}";
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(E(title)).Append("</title>\n<style>").Append(HtmlReport.Css).Append(ExtraCss).Append("</style>\n</head>\n<body>\n");
        sb.Append("<header><h1>").Append(E(title)).Append("</h1><p class=\"sub\">").Append(report.Clips.ToString(Inv)).Append(" clips, ")
          .Append(report.Labels.Count.ToString(Inv)).Append(" labels");
        if (generated is { } g) sb.Append(" &middot; generated ").Append(E(g.ToString("yyyy-MM-dd HH:mm zzz", Inv)));
        sb.Append("</p></header>\n<main>\n<section class=\"kpis\">");
        HtmlReport.Kpi(sb, "Accuracy", report.Accuracy, "share of clips labelled right");
        HtmlReport.Kpi(sb, "Macro F1", report.MacroAverage.F1, "F1 averaged over labels");
        HtmlReport.Kpi(sb, "Weighted F1", report.WeightedAverage.F1, "F1 weighted by support");
        HtmlReport.Kpi(sb, "Silhouette", silhouette, $"labels as groups in the {(space == FeatureSpace ? "feature" : "embedding")} space (-1..1)");
        sb.Append("</section>\n<section class=\"grid\">\n<div class=\"card\"><h2>Confusion matrix <span class=\"count\">rows = true, columns = predicted</span></h2>");
        ConfusionTable(sb, report);
        sb.Append("</div>\n<div class=\"card\"><h2>Per class</h2>");
        ClassTable(sb, report);
        sb.Append("</div>\n</section>\n<section class=\"card\"><h2>").Append(E(space)).Append(", 2-D PCA <span class=\"count\">explained variance ")
          .Append(N(100 * explainedVariance[0], "0.0")).Append(" % + ").Append(N(100 * explainedVariance[1], "0.0"))
          .Append(" %; ringed = misclassified</span></h2>");
        Scatter(sb, report.Labels, clips);
        sb.Append("</section>\n");
        if (worst.Count > 0)
        {
            var byPath = clips.GroupBy(c => c.Path).ToDictionary(x => x.Key, x => x.First());
            sb.Append("<section class=\"card\"><h2>Worst-classified clips <span class=\"count\">lowest probability of the true label</span></h2><div class=\"specs\">");
            foreach (var s in worst)
            {
                var c = byPath[s.Path];
                sb.Append("<figure><figcaption><b>").Append(E(System.IO.Path.GetFileName(s.Path))).Append("</b> true ").Append(E(c.Label))
                  .Append(", predicted ").Append(E(c.Predicted)).Append(", P(true) ").Append(N(c.TrueProbability, "0.000")).Append("</figcaption>")
                  .Append("<img alt=\"log-mel spectrogram of ").Append(E(System.IO.Path.GetFileName(s.Path))).Append("\" src=\"data:image/png;base64,")
                  .Append(Convert.ToBase64String(s.Png)).Append("\"></figure>");
            }
            sb.Append("</div></section>\n");
        }
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes the report via a temporary file and a rename.</summary>
    public static void Save(string path, string model, ClassificationReport report, IReadOnlyList<ClassifierReportClip> clips, double silhouette,
        IReadOnlyList<double> explainedVariance, IReadOnlyList<ReportSpectrogram> worst, DateTimeOffset? generated = null, string space = FeatureSpace) =>
        AtomicFile.WriteAllText(path, Render(model, report, clips, silhouette, explainedVariance, worst, generated, space));

    private static void ConfusionTable(StringBuilder sb, ClassificationReport r)
    {
        sb.Append("<table class=\"cm\"><tr><th></th>");
        foreach (var l in r.Labels) sb.Append("<th>").Append(E(l)).Append("</th>");
        sb.Append("</tr>");
        for (int i = 0; i < r.Labels.Count; i++)
        {
            int total = r.ConfusionMatrix[i].Sum();
            sb.Append("<tr><th>").Append(E(r.Labels[i])).Append("</th>");
            for (int j = 0; j < r.Labels.Count; j++)
            {
                int v = r.ConfusionMatrix[i][j];
                double share = total > 0 ? v / (double)total : 0;
                string colour = i == j ? "47,109,181" : "192,38,45";
                sb.Append("<td style=\"background:rgba(").Append(colour).Append(',').Append(N(share * 0.85, "0.00")).Append(")\">")
                  .Append(v.ToString(Inv)).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</table>");
    }

    private static void ClassTable(StringBuilder sb, ClassificationReport r)
    {
        sb.Append("<table><tr><th>Label</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr>");
        foreach (var m in r.Classes.Append(r.MacroAverage).Append(r.WeightedAverage))
        {
            sb.Append("<tr><td>").Append(E(m.Label)).Append("</td><td>").Append(N(m.Precision, "0.000")).Append("</td><td>")
              .Append(N(m.Recall, "0.000")).Append("</td><td>").Append(N(m.F1, "0.000")).Append("</td><td>")
              .Append(m.Support.ToString(Inv)).Append("</td></tr>");
        }
        sb.Append("</table>");
    }

    private static void Scatter(StringBuilder sb, IReadOnlyList<string> labels, IReadOnlyList<ClassifierReportClip> clips)
    {
        const double W = 640, H = 400, Pad = 24;
        double minX = clips.Min(c => c.X), maxX = clips.Max(c => c.X), minY = clips.Min(c => c.Y), maxY = clips.Max(c => c.Y);
        double sx = (W - 2 * Pad) / Math.Max(maxX - minX, 1e-12), sy = (H - 2 * Pad) / Math.Max(maxY - minY, 1e-12);
        sb.Append("<svg class=\"chart\" viewBox=\"0 0 ").Append(N(W + 140, "0")).Append(' ').Append(N(H, "0"))
          .Append("\" role=\"img\" aria-label=\"PCA scatter of the clips' features\"><rect x=\"0\" y=\"0\" width=\"")
          .Append(N(W, "0")).Append("\" height=\"").Append(N(H, "0")).Append("\" fill=\"#fafbfd\" stroke=\"#e3e7ee\"/>");
        foreach (var c in clips)
        {
            int k = Math.Max(0, labels.IndexOf(c.Label));
            double x = Pad + (c.X - minX) * sx, y = H - Pad - (c.Y - minY) * sy;
            sb.Append("<circle cx=\"").Append(N(x, "0.0")).Append("\" cy=\"").Append(N(y, "0.0")).Append("\" r=\"4\" fill=\"")
              .Append(Palette[k % Palette.Count]).Append("\" fill-opacity=\"0.75\"");
            if (c.Predicted != c.Label) sb.Append(" stroke=\"#1d2430\" stroke-width=\"1.5\"");
            sb.Append("><title>").Append(E(System.IO.Path.GetFileName(c.Path))).Append(": ").Append(E(c.Label)).Append(" -> ").Append(E(c.Predicted)).Append("</title></circle>");
        }
        for (int k = 0; k < labels.Count; k++)
        {
            double y = 20 + 18 * k;
            sb.Append("<circle cx=\"").Append(N(W + 16, "0")).Append("\" cy=\"").Append(N(y, "0")).Append("\" r=\"5\" fill=\"").Append(Palette[k % Palette.Count])
              .Append("\"/><text x=\"").Append(N(W + 26, "0")).Append("\" y=\"").Append(N(y + 4, "0")).Append("\" font-size=\"12\">").Append(E(labels[k])).Append("</text>");
        }
        sb.Append("</svg>");
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string N(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "n/a";

    private const string ExtraCss = """
.cm td{text-align:center;min-width:42px}
.cm th{font-weight:600}
""";
}
