using AcousticAnomaly.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Onnx;

public class OnnxModelInfoTests
{
    [Fact]
    public void ReadsMetadataProducerAndOpsets_WrittenByPythonOnnx()
    {
        var e = Expected().GetProperty("metadata");
        var info = OnnxModelInfo.Read(Fixture("with_metadata.onnx"));
        Assert.Equal(8, info.IrVersion);
        Assert.Equal("make_onnx_models.py", info.ProducerName);
        Assert.Equal("1", info.ProducerVersion);
        Assert.Equal(17, Assert.Single(info.OpsetImports).Value);
        var expected = e.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(expected.OrderBy(k => k.Key), info.MetadataProps.OrderBy(k => k.Key));
        Assert.Equal("Grüße – unicode survives", info.MetadataProps["note"]);
        Assert.Equal(5000, info.MetadataProps["big"].Length);
    }

    [Fact]
    public void SkipsTheGraph_InModelsWithWeights()
    {
        var info = OnnxModelInfo.Read(Fixture("sklearn_iforest.onnx"));
        Assert.Equal("skl2onnx", info.ProducerName);
        Assert.Equal(15, info.OpsetImports[""]);
        Assert.Equal(3, info.OpsetImports["ai.onnx.ml"]);
        Assert.Empty(info.MetadataProps);
    }

    [Fact]
    public void MetadataAfterALargeGraph_IsFound()
    {
        // ~4 MB of weights before metadata_props (field 14 comes after the graph, field 7): the reader must seek past it.
        var g = new OnnxGraphBuilder();
        g.AddInput("x", OnnxElementType.Float, "N", 1000);
        g.AddInitializer("w", new float[1000 * 1000], 1000, 1000);
        g.AddNode("MatMul", ["x", "w"], ["y"]);
        g.AddOutput("y", OnnxElementType.Float, "N", 1000);
        var path = Path.Combine(NewTempDir(), "big.onnx");
        g.Save(path, new OnnxModelOptions { Metadata = new Dictionary<string, string> { ["k"] = "v" } });
        Assert.True(new FileInfo(path).Length > 4_000_000);
        Assert.Equal("v", OnnxModelInfo.Read(path).MetadataProps["k"]);
    }

    [Fact]
    public void MissingOrMalformedFiles_NameTheFile()
    {
        var dir = NewTempDir();
        var missing = Path.Combine(dir, "missing.onnx");
        Assert.StartsWith(missing + ":", Assert.Throws<OnnxModelException>(() => OnnxModelInfo.Read(missing)).Message);

        var text = Path.Combine(dir, "text.onnx");
        File.WriteAllText(text, "this is not a protobuf at all");
        Assert.StartsWith(text + ":", Assert.Throws<OnnxModelException>(() => OnnxModelInfo.Read(text)).Message);

        var truncated = Path.Combine(dir, "truncated.onnx");
        var bytes = File.ReadAllBytes(Fixture("with_metadata.onnx"));
        File.WriteAllBytes(truncated, bytes[..^10]);
        Assert.StartsWith(truncated + ":", Assert.Throws<OnnxModelException>(() => OnnxModelInfo.Read(truncated)).Message);

        var empty = Path.Combine(dir, "empty.onnx");
        File.WriteAllBytes(empty, []);
        Assert.Contains("ir_version", Assert.Throws<OnnxModelException>(() => OnnxModelInfo.Read(empty)).Message);
    }
}
