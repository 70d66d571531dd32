using System.Text.RegularExpressions;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Plots;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

public sealed class ReportPicturesTests
{
    [Fact]
    public void TheWorstClipsShowTheirWaveformAboveTheSpectrogramAndTheirScoreOverTime()
    {
        var clips = new[] { ScoredClip.Decide("n.wav", "normal", 0.2, 0.5), ScoredClip.Decide("a.wav", "anomaly", 0.9, 0.5) };
        var result = new ModelEvaluator().Evaluate(clips, 0.5, "m");
        var signal = Enumerable.Range(0, 1000).Select(i => (float)Math.Sin(i * 0.05) * (i > 500 ? 0.9f : 0.1f)).ToArray();
        var picture = new ReportSpectrogram("a.wav", new SpectrogramRenderer().RenderPng(new[] { new float[] { 0, -10 } }))
        {
            Envelope = ReportSpectrogram.EnvelopeOf(signal, 50),
            VectorScores = [0.1, 0.2, 1.4, 1.2],
        };
        string html = HtmlReport.Render(result, clips, new[] { picture });

        int wave = html.IndexOf("aria-label=\"waveform\"", StringComparison.Ordinal);
        int image = html.IndexOf("src=\"data:image/png;base64,", StringComparison.Ordinal);
        int scores = html.IndexOf("aria-label=\"score over time\"", StringComparison.Ordinal);
        Assert.True(wave > 0 && wave < image && image < scores, "waveform, then spectrogram, then score over time");
        Assert.Equal(4, Regex.Matches(html[scores..], @"<polyline[^>]*points=""([^""]*)""").Single().Groups[1].Value.Trim().Split(' ').Length);
        Assert.Contains("Best F1", html);
    }

    [Fact]
    public void TheEnvelopeHoldsTheMinimumAndMaximumOfEachSlice()
    {
        var envelope = ReportSpectrogram.EnvelopeOf(new float[] { 0, 1, -2, 3, -4, 5 }, 3);
        Assert.Equal(new float[] { 0, 1, -2, 3, -4, 5 }, envelope);
        Assert.Equal(new float[] { -4, 5 }, ReportSpectrogram.EnvelopeOf(new float[] { 0, 1, -2, 3, -4, 5 }, 1));
    }
}
