using System.Globalization;
using System.Text.RegularExpressions;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Plots;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

public class HtmlReportTests
{
    private static (EvaluationResult, List<ScoredClip>) Sample()
    {
        double threshold = 0.5;
        var clips = new List<ScoredClip>
        {
            ScoredClip.Decide("a/normal_1.wav", "normal", 0.15, threshold),
            ScoredClip.Decide("a/normal_2.wav", "normal", 0.8, threshold),
            ScoredClip.Decide("a/odd <b>&\"x\".wav", "anomaly", 0.3, threshold),
            ScoredClip.Decide("a/anomaly_1.wav", "anomaly", 0.9, threshold),
            ScoredClip.Decide("a/anomaly_2.wav", "anomaly", 1234.5678, threshold),
        };
        return (new ModelEvaluator().Evaluate(clips, threshold, "pump <m> & co"), clips);
    }

    [Fact]
    public void EscapesFileNamesAndModelName()
    {
        var (r, clips) = Sample();
        string html = HtmlReport.Render(r, clips);
        Assert.DoesNotContain("<b>&\"x\"", html);
        Assert.Contains("a/odd &lt;b&gt;&amp;&quot;x&quot;.wav", html);
        Assert.Contains("pump &lt;m&gt; &amp; co", html);
        Assert.DoesNotContain("pump <m>", html);
    }

    /// <summary>Issue 15 item 13: a long clip's score line keeps each pixel column's lowest and highest score (with the
    /// peak), not every vector; a short one keeps them all.</summary>
    [Theory]
    [InlineData(800, 800)]
    [InlineData(112_500, 800)]
    public void ScoreLineHoldsAtMostTwoPointsAPixel(int vectors, int drawn)
    {
        var (r, clips) = Sample();
        var scores = Enumerable.Range(0, vectors).Select(i => Math.Sin(i * 0.01) + (i == vectors / 3 ? 5 : 0)).ToArray();
        var spec = new ReportSpectrogram(clips[2].Path, new SpectrogramRenderer().RenderPng(new[] { new float[] { 0, -10 } })) { VectorScores = scores };
        var line = Regex.Matches(HtmlReport.Render(r, clips, new[] { spec }), "<polyline[^>]*points=\"([^\"]*)\"")
            .Select(m => m.Groups[1].Value.Trim().Split(' ')).Single(p => p.Length >= drawn - 1);
        Assert.Equal(drawn, line.Length);
        Assert.Contains(line, p => p.EndsWith(",4", StringComparison.Ordinal)); // the peak (top of the 60-high box, 4 px margin) survives
    }

    [Fact]
    public void IsSelfContained()
    {
        var (r, clips) = Sample();
        var spec = new ReportSpectrogram(clips[2].Path, new SpectrogramRenderer().RenderPng(new[] { new float[] { 0, -10 } }));
        string html = HtmlReport.Render(r, clips, new[] { spec });
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        // The only URL is the SVG namespace identifier, which browsers never fetch.
        var urls = Regex.Matches(html, "https?://[^\"' )]+").Select(m => m.Value).Distinct().ToArray();
        Assert.Equal(new[] { "http://www.w3.org/2000/svg" }, urls);
        Assert.Contains("src=\"data:image/png;base64,", html);
        Assert.Equal(2, Regex.Matches(html, "<svg ").Count);
    }

    [Fact]
    public void NumbersAreInvariantUnderAGermanCulture()
    {
        var (r, clips) = Sample();
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            string html = HtmlReport.Render(r, clips);
            Assert.Contains($"AUC {r.Auc.ToString("0.0000", CultureInfo.InvariantCulture)}", html);
            Assert.Contains(">1234.57<", html); // the big score, G6
            Assert.DoesNotContain("1234,57", html);
            Assert.DoesNotMatch("points=\"[^\"]*\\d,\\d+,", html); // polyline coordinates use '.' decimals
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Fact]
    public void RocPolylineHasOnePointPerDistinctScorePlusOrigin()
    {
        var (r, clips) = Sample();
        string html = HtmlReport.Render(r, clips);
        var points = Regex.Match(html, "<polyline[^>]*points=\"([^\"]*)\"").Groups[1].Value.Trim().Split(' ');
        Assert.Equal(clips.Count + 1, points.Length);
    }

    [Fact]
    public void MarksMisclassifiedClips()
    {
        var (r, clips) = Sample();
        string html = HtmlReport.Render(r, clips);
        Assert.Equal(r.FalsePositives + r.FalseNegatives, Regex.Matches(html, "<tr class=\"wrong\">").Count);
        Assert.Equal(2, r.FalsePositives + r.FalseNegatives);
    }

    [Fact]
    public void WorstClipsPutConfidentMistakesFirst()
    {
        var (_, clips) = Sample();
        var worst = HtmlReport.WorstClips(clips, 0.5, 3).Select(c => c.Path).ToArray();
        // Mistakes, most confident first: normal_2 (0.8, margin 0.3), odd (anomaly at 0.3, margin 0.2);
        // then the correct clip nearest the threshold: normal_1 (0.15, margin 0.35).
        Assert.Equal(new[] { "a/normal_2.wav", "a/odd <b>&\"x\".wav", "a/normal_1.wav" }, worst);
    }

    [Fact]
    public void SaveWritesTheFile()
    {
        var (r, clips) = Sample();
        string path = Path.Combine(Path.GetTempPath(), $"aa-report-{Guid.NewGuid():N}.html");
        try
        {
            HtmlReport.Save(path, r, clips);
            Assert.Equal(HtmlReport.Render(r, clips), File.ReadAllText(path));
        }
        finally { File.Delete(path); }
    }
}
