using AcousticAnomaly.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Onnx;

/// <summary>OnnxSession against real ONNX Runtime 1.32.0 (the Microsoft.ML.OnnxRuntime package) and models written by Python's onnx package.</summary>
public class OnnxSessionTests
{
    [Fact]
    public void RuntimeVersionIs1_32()
    {
        Assert.StartsWith("1.32", OnnxSession.RuntimeVersion);
    }

    [Fact]
    public void SklearnShapedIsolationForest_DescribesAndMatchesScikitLearn()
    {
        var e = Expected().GetProperty("iforest");
        using var s = OnnxSession.Open(Fixture("sklearn_iforest.onnx"));

        var input = Assert.Single(s.Inputs);
        Assert.Equal("float_input", input.Name);
        Assert.Equal(OnnxElementType.Float, input.ElementType);
        Assert.Equal(new long[] { -1, 4 }, input.Shape);
        Assert.Equal(["label", "scores"], s.Outputs.Select(o => o.Name));
        Assert.Equal(OnnxElementType.Int64, s.Outputs[0].ElementType);
        Assert.Equal(new long[] { -1, 1 }, s.Outputs[0].Shape);
        Assert.Equal(OnnxElementType.Float, s.Outputs[1].ElementType);
        Assert.Equal(new long[] { -1, 1 }, s.Outputs[1].Shape);

        var rows = e.GetProperty("rows").GetInt32();
        var result = s.Run("float_input", OnnxTensor.FromFloat(Floats(e.GetProperty("x")), rows, 4));
        Assert.Equal(new long[] { rows, 1 }, result["label"].Shape);
        Assert.Equal(Longs(e.GetProperty("label")), result["label"].AsInt64());
        var expected = Doubles(e.GetProperty("scores"));
        var actual = result["scores"].AsFloat();
        Assert.Equal(rows, actual.Length);
        for (var i = 0; i < rows; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"row {i}: sklearn {expected[i]}, ORT {actual[i]}");
        // The fixture holds both normal and anomalous rows, so the label check above is not trivially all-ones.
        Assert.Contains(-1L, result["label"].AsInt64());
        Assert.Contains(1L, result["label"].AsInt64());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the live watcher's setting: no CPU memory arena must be accepted and change nothing
    public void TorchStyleAutoencoder_RunsWithSymbolicBatch(bool arena)
    {
        var e = Expected().GetProperty("autoencoder");
        using var s = OnnxSession.Open(Fixture("torch_autoencoder.onnx"), new OnnxSessionOptions { IntraOpThreads = 1, CpuMemoryArena = arena });
        Assert.Equal("input", s.Inputs[0].Name);
        Assert.Equal(new long[] { -1, 8 }, s.Inputs[0].Shape);
        var output = Assert.Single(s.Outputs);
        Assert.Equal("output", output.Name);
        Assert.Equal(OnnxElementType.Float, output.ElementType);

        var rows = e.GetProperty("rows").GetInt32();
        var y = s.Run("input", OnnxTensor.FromFloat(Floats(e.GetProperty("x")), rows, 8))["output"];
        Assert.Equal(new long[] { rows, 8 }, y.Shape);
        var expected = Floats(e.GetProperty("output"));
        var actual = y.AsFloat();
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"element {i}: numpy {expected[i]}, ORT {actual[i]}");
    }

    [Fact]
    public void ConcurrentRunsOnOneSessionGiveTheSameResults()
    {
        var e = Expected().GetProperty("autoencoder");
        using var s = OnnxSession.Open(Fixture("torch_autoencoder.onnx"));
        var x = OnnxTensor.FromFloat(Floats(e.GetProperty("x")), 5, 8);
        var reference = s.Run("input", x)["output"].AsFloat();
        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = s.Run("input", x)["output"].AsFloat());
        foreach (var r in results) Assert.Equal(reference, r);
    }

    [Fact]
    public void MissingFile_NamesTheFile()
    {
        var path = Path.Combine(NewTempDir(), "nope.onnx");
        var ex = Assert.Throws<OnnxModelException>(() => OnnxSession.Open(path));
        Assert.StartsWith(path + ":", ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void CorruptFile_NamesTheFileAndCarriesOrtMessage()
    {
        var path = Path.Combine(NewTempDir(), "corrupt.onnx");
        File.WriteAllBytes(path, [0x0A, 0xFF, 0xFF, 0x01, 0x02, 0x03]);
        var ex = Assert.Throws<OnnxModelException>(() => OnnxSession.Open(path));
        Assert.StartsWith(path + ":", ex.Message);
        var inner = Assert.IsType<OnnxRuntimeException>(ex.InnerException);
        Assert.NotEqual(0, inner.ErrorCode);
        Assert.Contains("ONNX Runtime error", ex.Message);
    }

    [Fact]
    public void TruncatedModel_IsRejectedWithTheFileName()
    {
        var path = Path.Combine(NewTempDir(), "truncated.onnx");
        var bytes = File.ReadAllBytes(Fixture("sklearn_iforest.onnx"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<OnnxModelException>(() => OnnxSession.Open(path));
        Assert.StartsWith(path + ":", ex.Message);
    }

    [Fact]
    public void WrongInputs_AreRefusedBeforeOrt()
    {
        using var s = OnnxSession.Open(Fixture("torch_autoencoder.onnx"));
        Assert.Contains("no input 'X'", Assert.Throws<ArgumentException>(() => s.Run("X", OnnxTensor.FromFloat(new float[8], 1, 8))).Message);
        Assert.Contains("expects shape", Assert.Throws<ArgumentException>(() => s.Run("input", OnnxTensor.FromFloat(new float[7], 1, 7))).Message);
        Assert.Contains("expects Float", Assert.Throws<ArgumentException>(() => s.Run("input", OnnxTensor.FromInt64(new long[8], 1, 8))).Message);
        Assert.Throws<ArgumentException>(() => OnnxTensor.FromFloat(new float[7], 1, 8));
    }

    [Fact]
    public void EmptyBatch_ReturnsEmptyOutputs()
    {
        using var s = OnnxSession.Open(Fixture("torch_autoencoder.onnx"));
        var y = s.Run("input", OnnxTensor.FromFloat([], 0, 8))["output"];
        Assert.Equal(new long[] { 0, 8 }, y.Shape);
        Assert.Empty(y.AsFloat());
    }

    [Fact]
    public void RunAfterDispose_Throws()
    {
        var s = OnnxSession.Open(Fixture("torch_autoencoder.onnx"));
        s.Dispose();
        Assert.Throws<ObjectDisposedException>(() => s.Run("input", OnnxTensor.FromFloat(new float[8], 1, 8)));
    }
}
