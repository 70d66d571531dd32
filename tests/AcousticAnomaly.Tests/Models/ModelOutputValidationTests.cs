using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>
/// Issue 15 item 7: a model whose output is not one score per input row is refused (at load when the graph says so,
/// at the first run when its shape is dynamic), and a NaN score is an error, never "normal".
/// </summary>
public sealed class ModelOutputValidationTests : IDisposable
{
    private const int D = 4;
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-shapes-").FullName;
    private static readonly FeatureSettings Settings = new() { FeatureSet = FeatureSet.MfccStats, MfccCount = D / 2 };

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>x [N, 4] times a [4, <paramref name="columns"/>] weight matrix, the output declared as <paramref name="outputShape"/>.</summary>
    private string MatMulModel(string name, int columns, float fill, params OnnxDim[] outputShape)
    {
        var g = new OnnxGraphBuilder(name);
        g.AddInput("x", OnnxElementType.Float, "N", D);
        g.AddInitializer("w", Enumerable.Repeat(fill, D * columns).ToArray(), D, columns);
        g.AddNode("MatMul", ["x", "w"], ["out"]);
        g.AddOutput("out", OnnxElementType.Float, outputShape);
        string path = Path.Combine(_dir, name + ".onnx");
        g.Save(path);
        return path;
    }

    private static AnomalyModel Load(string path) => AnomalyModel.Load(path, new ModelOverrides(Settings, Threshold: 1));

    private static FeatureMatrix Rows(int n) => new(Enumerable.Range(0, n * D).Select(i => i * 0.1f).ToArray(), D);

    [Fact]
    public void TenOutputsPerRowAreRefusedAtLoad()
    {
        var e = Assert.Throws<OnnxModelException>(() => Load(MatMulModel("ten", 10, 0.5f, "N", 10)));
        Assert.Contains("10 values per row", e.Message);
        Assert.Contains("ten.onnx", e.Message);
    }

    [Fact]
    public void OneRowWhateverTheBatchIsRefusedAtLoad()
    {
        var e = Assert.Throws<OnnxModelException>(() => Load(MatMulModel("onerow", 1, 0.5f, 1, 1)));
        Assert.Contains("always has 1 rows", e.Message);
    }

    [Fact]
    public void ADynamicShapeThatTurnsOutWrongIsAnErrorNotWrongScores()
    {
        // Flattened to rank 1, ten values per row pass for "one score per row" until the first run shows the count.
        var g = new OnnxGraphBuilder("dynamic");
        g.AddInput("x", OnnxElementType.Float, "N", D);
        g.AddInitializer("w", Enumerable.Repeat(0.5f, D * 10).ToArray(), D, 10);
        g.AddInitializer("flat", new long[] { -1 }, 1);
        g.AddNode("MatMul", ["x", "w"], ["wide"]);
        g.AddNode("Reshape", ["wide", "flat"], ["out"]);
        g.AddOutput("out", OnnxElementType.Float, "M");
        string path = Path.Combine(_dir, "dynamic.onnx");
        g.Save(path);
        using var model = Load(path);
        var e = Assert.Throws<OnnxModelException>(() => model.ScoreVectors(Rows(3)));
        Assert.Contains("returned 30 values for 3 input rows", e.Message);
    }

    [Fact]
    public void ANaNScoreIsAnErrorNotNormal()
    {
        using var model = Load(MatMulModel("nan", 1, float.NaN, "N", 1));
        var e = Assert.Throws<OnnxModelException>(() => model.ScoreClip(Rows(2)));
        Assert.Contains("NaN score", e.Message);
        Assert.Contains("from finite features", e.Message);
    }

    [Fact]
    public void AWellShapedModelStillScores()
    {
        using var model = Load(MatMulModel("good", 1, 1f, "N", 1));
        var scores = model.ScoreVectors(Rows(2));
        Assert.Equal(new[] { 0.6, 2.2 }, scores.Select(s => Math.Round(s, 5)));
    }
}
