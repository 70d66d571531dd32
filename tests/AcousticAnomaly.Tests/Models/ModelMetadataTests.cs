using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Tests.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models;

public class ModelMetadataTests
{
    [Fact]
    public void RecordWrittenByPython_IsRead()
    {
        var m = ModelMetadata.ReadFromModel(Fixture("with_metadata.onnx"))!;
        Assert.Equal(1, m.SchemaVersion);
        Assert.Equal("IsolationForest", m.Algorithm);
        Assert.Equal(0.125, m.Threshold);
        Assert.Equal(ScoreKind.NegatedDecision, m.ScoreKind);
        Assert.Equal(new FeatureSettings { ChannelMode = ChannelMode.Select, Channel = 2 }, m.FeatureSettings);
        Assert.Equal(12, m.Training.Clips);
        Assert.Equal(3708, m.Training.Vectors);
        Assert.Equal(new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc), m.Training.CreatedUtc.ToUniversalTime());
        Assert.Equal("256", m.Training.Parameters["max_samples"]);
    }

    [Fact]
    public void EnumsAreWrittenAsStrings_AndFlatKeysForHumans()
    {
        var m = new ModelMetadata { Algorithm = "Autoencoder", ScoreKind = ScoreKind.Reconstruction, Threshold = 12.5,
            FeatureSettings = new FeatureSettings { FeatureSet = FeatureSet.MfccStats } };
        var props = m.ToMetadataProps();
        Assert.Contains("\"ScoreKind\":\"Reconstruction\"", props[ModelMetadata.MetadataKey]);
        Assert.Contains("\"FeatureSet\":\"MfccStats\"", props[ModelMetadata.MetadataKey]);
        Assert.Equal("Autoencoder", props["algorithm"]);
        Assert.Equal("12.5", props["threshold"]);
        Assert.Equal(m.ToJson(), ModelMetadata.FromMetadataProps(props, "x")!.ToJson());
    }

    [Fact]
    public void UnsetThreshold_NaN_RoundTrips()
    {
        var m = new ModelMetadata { Algorithm = "KMeans", Threshold = double.NaN };
        Assert.True(double.IsNaN(ModelMetadata.FromJson(m.ToJson(), "x").Threshold));
    }

    [Fact]
    public void UnknownSchemaVersion_IsAClearError()
    {
        var json = new ModelMetadata { Algorithm = "IsolationForest" }.ToJson().Replace("\"SchemaVersion\":1", "\"SchemaVersion\":2");
        var ex = Assert.Throws<OnnxModelException>(() => ModelMetadata.FromJson(json, "/models/fan.onnx"));
        Assert.StartsWith("/models/fan.onnx:", ex.Message);
        Assert.Contains("schema version 2", ex.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"SchemaVersion\":1}")]
    [InlineData("{\"SchemaVersion\":1,\"Algorithm\":\"X\",\"FeatureSettings\":null}")]
    [InlineData("{\"SchemaVersion\":1,\"Algorithm\":\"X\",\"ScoreKind\":\"Bogus\"}")]
    public void MalformedRecords_NameTheSource(string json)
    {
        var ex = Assert.Throws<OnnxModelException>(() => ModelMetadata.FromJson(json, "m.onnx"));
        Assert.StartsWith("m.onnx:", ex.Message);
    }

    [Fact]
    public void ModelWithoutRecord_GivesNull()
    {
        Assert.Null(ModelMetadata.ReadFromModel(Fixture("sklearn_iforest.onnx")));
    }
}
