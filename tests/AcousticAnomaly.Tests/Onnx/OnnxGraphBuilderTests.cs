using AcousticAnomaly.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Onnx;

/// <summary>
/// The builder's attribute kinds and layers the autoencoder export will need (Gemm, BatchNormalization, Relu), checked by
/// the onnx checker and by running the graph in ONNX Runtime against a direct C# computation.
/// </summary>
public class OnnxGraphBuilderTests
{
    [Fact]
    public void DenseBatchNormReluGraph_PassesCheckerAndComputesTheLayer()
    {
        const int d = 3, h = 2;
        float[] w = [0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f];    // [h, d], used with transB = 1
        float[] b = [0.1f, -0.2f];
        float[] scale = [1.5f, 0.5f], bias = [0.2f, -0.1f], mean = [0.3f, -0.4f], variance = [2f, 0.5f];
        const float eps = 1e-3f, alpha = 0.5f;

        var g = new OnnxGraphBuilder("dense");
        g.AddInput("x", OnnxElementType.Float, "N", d);
        g.AddInitializer("w", w, h, d);
        g.AddInitializer("b", b, h);
        g.AddInitializer("scale", scale, h);
        g.AddInitializer("bias", bias, h);
        g.AddInitializer("mean", mean, h);
        g.AddInitializer("var", variance, h);
        g.AddNode("Gemm", ["x", "w", "b"], ["dense"], OnnxAttribute.Float("alpha", alpha), OnnxAttribute.Int("transB", 1));
        g.AddNode("BatchNormalization", ["dense", "scale", "bias", "mean", "var"], ["bn"], OnnxAttribute.Float("epsilon", eps));
        g.AddNode("Relu", ["bn"], ["relu"]);
        g.AddNode("Constant", [], ["ten"], OnnxAttribute.Tensor("value", OnnxTensor.FromFloat([10f])));
        g.AddNode("Mul", ["relu", "ten"], ["scaled"]);
        g.AddNode("ReduceSum", ["scaled"], ["sum"], OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Shape", ["x"], ["shape"]);
        g.AddOutput("scaled", OnnxElementType.Float, "N", h);
        g.AddOutput("sum", OnnxElementType.Float, 1, 1);
        g.AddOutput("shape", OnnxElementType.Int64, 2);
        var path = Path.Combine(NewTempDir(), "dense.onnx");
        g.Save(path);

        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);

        float[] x = [1f, 2f, 3f, -1f, 0.5f, -2f, 0f, 0f, 0f];
        using var s = OnnxSession.Open(path);
        Assert.Equal(new long[] { -1, d }, s.Inputs[0].Shape);
        var r = s.Run("x", OnnxTensor.FromFloat(x, 3, d));
        var scaled = r["scaled"].AsFloat();
        double total = 0;
        for (var n = 0; n < 3; n++)
        {
            for (var j = 0; j < h; j++)
            {
                double z = b[j];
                for (var k = 0; k < d; k++) z += alpha * x[n * d + k] * w[j * d + k];
                var bn = (z - mean[j]) / Math.Sqrt(variance[j] + eps) * scale[j] + bias[j];
                var expected = Math.Max(bn, 0) * 10;
                total += expected;
                Assert.True(Math.Abs(expected - scaled[n * h + j]) < 1e-5, $"[{n},{j}] expected {expected}, got {scaled[n * h + j]}");
            }
        }
        Assert.Equal(total, r["sum"].AsFloat()[0], 1e-4);
        Assert.Equal([3L, d], r["shape"].AsInt64());
        Assert.Equal(new long[] { 1, 1 }, r["sum"].Shape);
    }

    [Fact]
    public void StringsAndFloatsAttributes_LabelEncoderRoundTrip()
    {
        // ai.onnx.ml LabelEncoder (opset 2+) with int64 keys and float values exercises ints/floats attributes; the
        // TreeEnsemble export covers strings.
        var g = new OnnxGraphBuilder("encoder");
        g.AddInput("k", OnnxElementType.Int64, OnnxDim.Dynamic);
        g.AddNode("LabelEncoder", "ai.onnx.ml", ["k"], ["v"],
            OnnxAttribute.Ints("keys_int64s", [1, 2, 3]), OnnxAttribute.Floats("values_floats", [0.5f, -1.5f, 8f]),
            OnnxAttribute.Float("default_float", 42f));
        g.AddOutput("v", OnnxElementType.Float, OnnxDim.Dynamic);
        var path = Path.Combine(NewTempDir(), "enc.onnx");
        g.Save(path);
        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);
        using var s = OnnxSession.Open(path);
        Assert.Equal(new long[] { -1 }, s.Inputs[0].Shape);
        Assert.Equal([-1.5f, 42f, 0.5f, 8f], s.Run("k", OnnxTensor.FromInt64([2, 7, 1, 3], 4))["v"].AsFloat());
    }

    [Fact]
    public void DuplicateOrUndefinedNames_AreRefused()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", OnnxElementType.Float, "N", 2);
        Assert.Throws<InvalidOperationException>(() => g.AddInitializer("x", [1f], 1));
        Assert.Throws<InvalidOperationException>(() => g.AddNode("Relu", ["nope"], ["y"]));
        g.AddOutput("z", OnnxElementType.Float, "N", 2);
        Assert.Contains("'z'", Assert.Throws<InvalidOperationException>(() => g.ToModelBytes()).Message);
    }
}
