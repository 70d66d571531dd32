using AcousticAnomaly.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

public class ClipLabelsTests
{
    [Theory]
    [InlineData("normal", "normal")]
    [InlineData("NORMAL", "normal")]
    [InlineData(" Normal ", "normal")]
    [InlineData("0", "normal")]
    [InlineData("anomaly", "anomaly")]
    [InlineData("Anomaly", "anomaly")]
    [InlineData("abnormal", "anomaly")]
    [InlineData("ABNORMAL", "anomaly")]
    [InlineData("1", "anomaly")]
    public void NormalizeAcceptsTheTruthSpellings(string given, string expected) =>
        Assert.Equal(expected, ClipLabels.Normalize(given, "clip.wav"));

    [Theory]
    [InlineData("broken")]
    [InlineData("2")]
    [InlineData("true")]
    [InlineData("anomalous")]
    public void NormalizeRejectsOtherLabelsNamingClipAndLabel(string given)
    {
        var e = Assert.Throws<ArgumentException>(() => ClipLabels.Normalize(given, "/data/clip7.wav"));
        Assert.Contains("/data/clip7.wav", e.Message);
        Assert.Contains($"'{given}'", e.Message);
        Assert.Contains("normal, anomaly, abnormal, 0, 1", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NormalizeRejectsAMissingLabel(string? given)
    {
        var e = Assert.Throws<ArgumentException>(() => ClipLabels.Normalize(given, "/data/clip7.wav"));
        Assert.Contains("/data/clip7.wav: no truth label", e.Message);
    }
}
