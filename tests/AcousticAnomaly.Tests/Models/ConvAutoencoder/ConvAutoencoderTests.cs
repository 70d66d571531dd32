using System.Text.Json;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Autoencoder;
using AcousticAnomaly.Models.ConvAutoencoder;
using AcousticAnomaly.Models.Neural;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models.ConvAutoencoder;

/// <summary>The convolutional autoencoder: its new layers and one training step against PyTorch 1.13
/// (tests/reference/neural_parity.py), the ONNX graph in ONNX Runtime against the in-process scores, and training
/// through ModelTrainer into a model prediction reads.</summary>
public sealed class ConvAutoencoderTests
{
    private const float Tolerance = 2e-5f;
    private static readonly JsonElement Cases = LoadCases();

    private static JsonElement LoadCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("neural", "parity.json")));
        return doc.RootElement.GetProperty("cases").Clone();
    }

    private static float[] F(JsonElement c, string key) => c.GetProperty(key).EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static void Near(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1f, Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]} vs torch {expected[i]}");
    }

    [Fact]
    public void SigmoidMatchesTorch()
    {
        var c = Cases.GetProperty("sigmoid");
        var layer = new SigmoidLayer(8);
        var (x, y, dx) = (F(c, "x"), new float[24], new float[24]);
        layer.Forward(x, y, 3, training: true);
        Near(F(c, "y"), y, "sigmoid y");
        layer.Backward(x, y, F(c, "dy"), dx, 3, inputGradient: true);
        Near(F(c, "dx"), dx, "sigmoid dx");
    }

    [Fact]
    public void LstmMatchesTorch()
    {
        var c = Cases.GetProperty("lstm");
        var layer = new LstmLayer(5, 3, 4);
        foreach (var p in layer.Parameters) F(c, p.Name).CopyTo(p.Value, 0);
        var (x, y, dx) = (F(c, "x"), new float[2 * 20], new float[2 * 15]);
        layer.Forward(x, y, 2, training: true);
        Near(F(c, "y"), y, "lstm y");
        layer.Backward(x, y, F(c, "dy"), dx, 2, inputGradient: true);
        Near(F(c, "dx"), dx, "lstm dx");
        foreach (var p in layer.Parameters) Near(F(c, "d" + p.Name), p.Gradient, "lstm d" + p.Name);
    }

    [Fact]
    public void MeanSquaredErrorMatchesTorch()
    {
        var c = Cases.GetProperty("mse");
        var gradient = new float[24];
        double loss = MeanSquaredError.LossAndGradient(F(c, "y"), F(c, "target"), gradient);
        Near(F(c, "loss"), [(float)loss], "mse loss");
        Near(F(c, "dy"), gradient, "mse gradient");
    }

    [Fact]
    public void OneTrainingStepMatchesTorch()
    {
        var c = Cases.GetProperty("conv_autoencoder");
        Layer[] layers = [Conv2dLayer.Conv1d(5, 6, 4, 3, 1), new ReluLayer(20), Conv2dLayer.Conv1d(5, 4, 6, 3, 1), new SigmoidLayer(30)];
        var net = new SequentialNetwork(layers);
        var (c0, c2) = ((Conv2dLayer)layers[0], (Conv2dLayer)layers[2]);
        F(c, "conv0.weight").CopyTo(c0.Weight.Value, 0);
        F(c, "conv0.bias").CopyTo(c0.Bias.Value, 0);
        F(c, "conv2.weight").CopyTo(c2.Weight.Value, 0);
        F(c, "conv2.bias").CopyTo(c2.Bias.Value, 0);
        var x = F(c, "x");
        var y = net.Forward(x, 3, training: true);
        var gradient = new float[x.Length];
        double loss = MeanSquaredError.LossAndGradient(y, x, gradient);
        Near(F(c, "loss"), [(float)loss], "loss");
        net.Backward(x, gradient, 3);
        Near(F(c, "dconv0.weight"), c0.Weight.Gradient, "dconv0.weight");
        Near(F(c, "dconv0.bias"), c0.Bias.Gradient, "dconv0.bias");
    }

    private static FeatureMatrix Blocks(int rows, int frames, int bands, int seed)
    {
        var rng = new Random(seed);
        var data = new float[rows * frames * bands];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(-60 + 40 * Math.Sin(i % bands * 0.3) + 5 * rng.NextDouble());
        return new FeatureMatrix(data, rows, frames * bands);
    }

    [Theory]
    [InlineData(BlockAutoencoderArchitecture.Convolutional)]
    [InlineData(BlockAutoencoderArchitecture.Lstm)]
    public void TrainingLowersTheLossAndOnnxRuntimeGivesTheInProcessErrors(BlockAutoencoderArchitecture architecture)
    {
        var options = new ConvAutoencoderOptions(HiddenChannels: 8, BottleneckChannels: 3, Epochs: 15, BatchSize: 8, LearningRate: 0.01,
            MaxDegreeOfParallelism: 1, Architecture: architecture);
        var trainer = new ConvAutoencoderTrainer(options);
        var model = trainer.Train(Blocks(48, 5, 12, 1), 5);
        Assert.True(trainer.EpochLosses[^1] < trainer.EpochLosses[0], string.Join(", ", trainer.EpochLosses));

        var test = Blocks(10, 5, 12, 2);
        for (int i = 0; i < 12; i++) test.Data[i] += 30; // one loud band burst in the first block
        var expected = model.ReconstructionErrors(test);
        var path = Path.Combine(NewTempDir(), "cae.onnx");
        ConvAutoencoderOnnxExporter.Export(model, path, new ModelMetadata { Algorithm = "ConvAutoencoder", ScoreKind = ScoreKind.ReconstructionError });
        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);
        using var session = OnnxSession.Open(path);
        var actual = session.Run(AutoencoderOnnxExporter.InputName, OnnxTensor.FromFloat(test.Data, test.Rows, test.Columns))[AutoencoderOnnxExporter.ErrorOutput].AsFloat();
        for (int r = 0; r < test.Rows; r++) DetectorFixtures.AssertClose(expected[r], actual[r], 1e-5, $"block {r}");
        Assert.True(expected[0] > expected.Skip(1).Max(), "the altered block reconstructs worst");
    }

    [Fact]
    public void ModelTrainerExtractsBlocksOfFrameSecondsAndPredictionReadsTheModel()
    {
        var normal = Enumerable.Range(0, 2).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToList();
        var path = Path.Combine(NewTempDir(), "cae.onnx");
        var options = new ConvAutoencoderOptions(FrameSeconds: 0.2, HiddenChannels: 8, BottleneckChannels: 4, Epochs: 2, MaxDegreeOfParallelism: 1);
        var info = new ModelTrainer(new ConvAutoencoderDetectorTrainer(options)).Train(normal, path);
        Assert.Equal("ConvAutoencoder", info.Algorithm);
        Assert.Equal(FeatureSet.LogMelFrames, info.FeatureSet);
        var meta = ModelMetadata.ReadFromModel(path)!;
        Assert.Equal(6, meta.FeatureSettings!.Frames); // round(0.2 s x 16000 / 512)
        Assert.Equal("6", meta.Training!.Parameters!["frames"]);
        using var model = AnomalyModel.Load(path);
        var result = new Predictor(model).Predict(TestPaths.Fixture("detectors", "valve_anomaly_0.flac")).Single();
        Assert.True(double.IsFinite(result.Score) && result.Score > 0, $"score {result.Score}");
        Assert.Equal(result.Score > result.Threshold, result.IsAnomaly);
    }

    [Fact]
    public void TrainVerbRecordsItsOptionsAndRejectsABadOverlap()
    {
        var dir = NewTempDir();
        var model = Path.Combine(dir, "cae.onnx");
        string normal = TestPaths.Fixture("detectors", "valve_normal_0.flac");
        var (code, stdout, stderr) = CliRunner.Run(["train", "conv-autoencoder", normal, "--output", model, "--frame-seconds", "0.2",
            "--overlap", "0.75", "--hidden-channels", "4", "--bottleneck-channels", "2", "--epochs", "1"]);
        Assert.True(code == 0, stderr);
        Assert.StartsWith($"\"{model}\",\"ConvAutoencoder\",\"LogMelFrames\",\"1\"", stdout.Split('\n')[1]);
        Assert.Equal("0.75", ModelMetadata.ReadFromModel(model)!.Training.Parameters["overlap"]);
        var (bad, _, error) = CliRunner.Run(["train", "conv-autoencoder", normal, "--output", Path.Combine(dir, "x.onnx"), "--overlap", "1"]);
        Assert.Equal(2, bad);
        Assert.Contains("Overlap", error);
    }
}
