using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Features;

/// <summary>
/// Every DSP choice lives in <see cref="FeatureSettings"/> with today's values as defaults, travels in the model's
/// metadata, defaults for models written before it was recorded, and a model whose choices this version cannot
/// compute is refused with an error that names the setting.
/// </summary>
public class DspSettingsTests
{
    [Fact]
    public void DefaultsAreTheChoicesTheCodeAlwaysMade()
    {
        var s = new FeatureSettings();
        Assert.Equal(WindowFunction.PeriodicHann, s.Window);
        Assert.Equal(MelScale.Slaney, s.MelScale);
        Assert.Equal(MelNorm.Slaney, s.MelNorm);
        Assert.True(s.Center);
        Assert.Equal(PadMode.Constant, s.PadMode);
        Assert.Equal(2.0, s.Power);
        Assert.Equal(2.220446049250313e-16, s.LogFloor);
        Assert.Equal(FeatureSettings.DefaultLogFloor, FeatureExtractor.LogFloor);
    }

    [Theory]
    [InlineData("\"Window\":\"PeriodicHann\"")]
    [InlineData("\"MelScale\":\"Slaney\"")]
    [InlineData("\"MelNorm\":\"Slaney\"")]
    [InlineData("\"Center\":true")]
    [InlineData("\"PadMode\":\"Constant\"")]
    [InlineData("\"Power\":2")]
    [InlineData("\"LogFloor\":2.220446049250313E-16")]
    public void EveryChoiceIsWrittenIntoTheModelMetadata(string entry)
    {
        var path = Path.Combine(NewTempDir(), "m.onnx");
        SaveTinyModel(path, new ModelMetadata { Algorithm = "KMeans", ScoreKind = ScoreKind.Distance, Threshold = 1 }.ToMetadataProps());
        using var session = OnnxSession.Open(path);
        Assert.Contains(entry, session.CustomMetadata[ModelMetadata.MetadataKey]);
    }

    [Fact]
    public void NonDefaultChoicesRoundTrip()
    {
        var settings = new FeatureSettings { Power = 1.0, Center = false, LogFloor = 1e-10 };
        var back = ModelMetadata.FromJson(new ModelMetadata { Algorithm = "KMeans", FeatureSettings = settings }.ToJson(), "m.onnx");
        Assert.Equal(settings, back.FeatureSettings);
    }

    [Fact]
    public void AModelWrittenBeforeTheChoicesWereRecordedLoadsWithTodaysValues()
    {
        // with_metadata.onnx was written by Python before these settings existed.
        using (var session = OnnxSession.Open(Fixture("with_metadata.onnx")))
        {
            var json = session.CustomMetadata[ModelMetadata.MetadataKey];
            foreach (var key in new[] { "Window", "MelScale", "MelNorm", "PadMode", "LogFloor" }) Assert.DoesNotContain($"\"{key}\"", json);
        }
        var old = ModelMetadata.ReadFromModel(Fixture("with_metadata.onnx"))!.FeatureSettings;
        var today = new FeatureSettings();
        Assert.Equal((today.Window, today.MelScale, today.MelNorm, today.Center, today.PadMode, today.Power, today.LogFloor),
            (old.Window, old.MelScale, old.MelNorm, old.Center, old.PadMode, old.Power, old.LogFloor));
    }

    [Theory]
    [InlineData("Window", "\"Hamming\"", "PeriodicHann")]
    [InlineData("MelScale", "\"Htk\"", "Slaney")]
    [InlineData("MelNorm", "\"None\"", "Slaney")]
    [InlineData("PadMode", "\"Reflect\"", "Constant")]
    public void AChoiceThisVersionCannotComputeIsRefused(string setting, string value, string known)
    {
        var ex = Assert.Throws<OnnxModelException>(() => ModelMetadata.FromJson(WithSetting(setting, value), "/models/fan.onnx"));
        Assert.StartsWith("/models/fan.onnx: this version of AcousticAnomaly cannot reproduce the model's feature settings", ex.Message);
        Assert.Contains($"{setting} is {value.Replace('"', '\'')}", ex.Message);
        Assert.Contains(known, ex.Message);
    }

    [Theory]
    [InlineData("LogFloor", "0")]
    [InlineData("LogFloor", "-1")]
    [InlineData("Power", "0")]
    [InlineData("Window", "7")]
    public void AnImpossibleValueIsRefused(string setting, string value)
    {
        var ex = Assert.Throws<OnnxModelException>(() => ModelMetadata.FromJson(WithSetting(setting, value), "m.onnx"));
        Assert.Contains("cannot reproduce the model's feature settings", ex.Message);
        Assert.Contains(setting, ex.Message);
    }

    [Fact]
    public void ASettingThisVersionDoesNotKnowIsRefused()
    {
        // A newer release recording a choice this one does not make (here a pre-emphasis filter) must not be scored as if it were absent.
        var ex = Assert.Throws<OnnxModelException>(() => ModelMetadata.FromJson(WithSetting("Preemphasis", "0.97"), "m.onnx"));
        Assert.Contains("records the setting 'Preemphasis' (0.97), which this version does not know", ex.Message);
    }

    [Fact]
    public void LoadingSuchAModelFailsNamingTheFile()
    {
        var path = Path.Combine(NewTempDir(), "future.onnx");
        SaveTinyModel(path, new Dictionary<string, string> { [ModelMetadata.MetadataKey] = WithSetting("Window", "\"Blackman\"") });
        var ex = Assert.Throws<OnnxModelException>(() => AnomalyModel.Load(path));
        Assert.StartsWith(path + ": this version of AcousticAnomaly cannot reproduce", ex.Message);
        Assert.Contains("Window is 'Blackman'", ex.Message);
    }

    [Fact]
    public void TheExtractorUsesTheRecordedLogFloor()
    {
        var silence = new float[16000];
        var settings = new FeatureSettings { LogFloor = 1e-3 };
        var logMel = new FeatureExtractor(settings, maxDegreeOfParallelism: 1).LogMel(silence);
        Assert.All(logMel.Data, v => Assert.Equal(-30f, v, 4));
    }

    /// <summary>Our metadata JSON with one FeatureSettings entry set to a raw JSON value (added when absent).</summary>
    private static string WithSetting(string name, string rawValue)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(new ModelMetadata { Algorithm = "IsolationForest" }.ToJson())!;
        node["FeatureSettings"]![name] = System.Text.Json.Nodes.JsonNode.Parse(rawValue);
        return node.ToJsonString();
    }

    /// <summary>A valid one-node model (scores = ReduceMean of the input) carrying the given metadata_props.</summary>
    private static void SaveTinyModel(string path, IReadOnlyDictionary<string, string> metadata)
    {
        var g = new OnnxGraphBuilder("tiny");
        g.AddInput("x", OnnxElementType.Float, "N", new FeatureSettings().VectorLength);
        g.AddNode("ReduceMean", ["x"], ["scores"], OnnxAttribute.Ints("axes", [1]));
        g.AddOutput("scores", OnnxElementType.Float, "N", 1);
        g.Save(path, new OnnxModelOptions { Metadata = metadata });
    }
}
