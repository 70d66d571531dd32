using System.Text.Json;
using AcousticAnomaly.Models.Neural;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Neural;

/// <summary>
/// Every layer against PyTorch 1.13 (tests/reference/neural_parity.py -> fixtures/neural/parity.json): the same
/// weights and inputs give the same outputs and gradients within float32 rounding, and four epochs from the same initial
/// weights give the same loss curve.
/// </summary>
public sealed class NeuralParityTests
{
    private const float Tolerance = 2e-5f;
    private static readonly JsonElement Cases = LoadCases();

    private static JsonElement LoadCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("neural", "parity.json")));
        return doc.RootElement.GetProperty("cases").Clone();
    }

    private static float[] F(JsonElement c, string key) => c.GetProperty(key).EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static void Near(float[] expected, ReadOnlySpan<float> actual, string what, float tolerance = Tolerance)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            float scale = Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"{what}[{i}]: {actual[i]} vs torch {expected[i]}");
        }
    }

    /// <summary>Loads the case's parameters, runs forward and backward, compares everything the fixture holds.</summary>
    private static void Check(string name, Layer layer, int batch)
    {
        var c = Cases.GetProperty(name);
        foreach (var p in layer.Parameters) F(c, p.Name).CopyTo(p.Value, 0);
        var x = F(c, "x");
        var y = new float[batch * layer.OutputSize];
        var dx = new float[batch * layer.InputSize];
        layer.Forward(x, y, batch, training: true);
        Near(F(c, "y"), y, name + " y");
        layer.Backward(x, y, F(c, "dy"), dx, batch, inputGradient: true);
        Near(F(c, "dx"), dx, name + " dx");
        foreach (var p in layer.Parameters) Near(F(c, "d" + p.Name), p.Gradient, name + " d" + p.Name);
    }

    [Fact]
    public void Dense() => Check("dense", new DenseLayer(6, 5), 4);

    [Fact]
    public void Conv1d() => Check("conv1d", Conv2dLayer.Conv1d(7, 3, 4, 3, 1), 2);

    [Fact]
    public void Conv2d() => Check("conv2d", new Conv2dLayer(5, 4, 2, 3, 3, 2, 1, 0), 2);

    [Fact]
    public void MaxPool1d() => Check("maxpool1d", new PoolLayer(PoolMode.Max, 7, 1, 3, 2, 1), 2);

    [Fact]
    public void MaxPool2d() => Check("maxpool2d", new PoolLayer(PoolMode.Max, 5, 6, 3, 2, 2), 2);

    [Fact]
    public void AvgPool2d() => Check("avgpool2d", new PoolLayer(PoolMode.Average, 5, 6, 3, 2, 2), 2);

    [Fact]
    public void GlobalAveragePool() => Check("globalavg2d", PoolLayer.GlobalAverage(4, 5, 3), 2);

    [Fact]
    public void Relu() => Check("relu", new ReluLayer(8), 3);

    [Theory]
    [InlineData("batchnorm1d", 5, 5, 6)]
    [InlineData("batchnorm2d", 60, 3, 2)]
    public void BatchNorm(string name, int size, int channels, int batch)
    {
        var bn = new BatchNormLayer(size, channels);
        Check(name, bn, batch);
        var c = Cases.GetProperty(name);
        Near(F(c, "running_mean"), bn.RunningMean, name + " running mean");
        Near(F(c, "running_var"), bn.RunningVariance, name + " running var");
        var y = new float[batch * size];
        bn.Forward(F(c, "x"), y, batch, training: false);
        Near(F(c, "y_eval"), y, name + " eval");
    }

    [Fact]
    public void WeightedCrossEntropy()
    {
        var c = Cases.GetProperty("cross_entropy");
        var logits = F(c, "logits");
        var labels = c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var grad = new float[logits.Length];
        double loss = SoftmaxCrossEntropy.LossAndGradient(logits, labels, F(c, "class_weights"), grad, 6, 3);
        Near(F(c, "loss"), [(float)loss], "loss");
        Near(F(c, "dlogits"), grad, "dlogits");
        var p = new float[logits.Length];
        SoftmaxCrossEntropy.Softmax(logits, p, 6, 3);
        Near(F(c, "softmax"), p, "softmax");
    }

    [Fact]
    public void AdamThreeSteps()
    {
        var c = Cases.GetProperty("adam");
        var p = new Parameter("p", 7);
        F(c, "p0").CopyTo(p.Value, 0);
        var adam = new AdamOptimizer([p], learningRate: F(c, "lr")[0]);
        foreach (var g in c.GetProperty("grads").EnumerateArray())
        {
            g.EnumerateArray().Select(v => v.GetSingle()).ToArray().CopyTo(p.Gradient, 0);
            adam.Step();
        }
        Near(F(c, "p3"), p.Value, "p after 3 steps");
    }

    [Fact]
    public void LossCurveMatchesTorch()
    {
        var c = Cases.GetProperty("training");
        const int L = 8, C = 4, N = 24, Batch = 8;
        var conv0 = Conv2dLayer.Conv1d(L, C, 6, 3, 1);
        var conv4 = Conv2dLayer.Conv1d(L / 2, 6, 8, 3, 1);
        var dense = new DenseLayer(8, 3);
        var net = new SequentialNetwork([
            conv0, new BatchNormLayer(L * 6, 6), new ReluLayer(L * 6), new PoolLayer(PoolMode.Max, L, 1, 6, 2, 1),
            conv4, new BatchNormLayer(L / 2 * 8, 8), new ReluLayer(L / 2 * 8), PoolLayer.GlobalAverage(L / 2, 1, 8), dense]);
        var init = c.GetProperty("init");
        float[] I(string k) => init.GetProperty(k).EnumerateArray().Select(v => v.GetSingle()).ToArray();
        I("conv0.weight").CopyTo(conv0.Weight.Value, 0); I("conv0.bias").CopyTo(conv0.Bias.Value, 0);
        I("conv4.weight").CopyTo(conv4.Weight.Value, 0); I("conv4.bias").CopyTo(conv4.Bias.Value, 0);
        I("dense8.weight").CopyTo(dense.Weight.Value, 0); I("dense8.bias").CopyTo(dense.Bias.Value, 0);

        var x = F(c, "x");
        var labels = c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var weights = F(c, "class_weights");
        // The reference freezes the biases that feed batch norm (see neural_parity.py): Adam turns their rounding-noise gradients into real steps.
        var adam = new AdamOptimizer(net.Parameters.Where(p => p != conv0.Bias && p != conv4.Bias).ToArray(), learningRate: 0.01);
        var grad = new float[Batch * 3];
        var losses = new List<float>();
        for (int epoch = 0; epoch < 4; epoch++)
            for (int start = 0; start < N; start += Batch)
            {
                var xb = x.AsSpan(start * L * C, Batch * L * C);
                var logits = net.Forward(xb, Batch, training: true);
                losses.Add((float)SoftmaxCrossEntropy.LossAndGradient(logits, labels.AsSpan(start, Batch), weights, grad, Batch, 3));
                net.Backward(xb, grad, Batch);
                adam.Step();
            }
        var torchLosses = F(c, "losses");
        double lossGap = torchLosses.Select((e, i) => Math.Abs(e - losses[i])).Max();
        Assert.True(lossGap < 1e-4, $"loss curve differs by up to {lossGap}");
        var bn1 = (BatchNormLayer)net.Layers[1];
        var bn5 = (BatchNormLayer)net.Layers[5];
        Near(F(c, "bn1.running_mean"), bn1.RunningMean, "bn1 running mean", 1e-4f);
        Near(F(c, "bn1.running_var"), bn1.RunningVariance, "bn1 running var", 1e-4f);
        Near(F(c, "bn5.running_mean"), bn5.RunningMean, "bn5 running mean", 1e-4f);
        Near(F(c, "bn5.running_var"), bn5.RunningVariance, "bn5 running var", 1e-4f);
        var eval = net.Forward(x, N, training: false).ToArray();
        var expected = F(c, "eval_logits");
        double worst = expected.Select((e, i) => Math.Abs(e - eval[i])).Max();
        Assert.True(worst < 1e-3, $"loss gap {lossGap}; logits after training differ by up to {worst}");
    }
}
