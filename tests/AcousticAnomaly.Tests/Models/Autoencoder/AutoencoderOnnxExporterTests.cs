using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Autoencoder;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Tests.Onnx;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Autoencoder;

public class AutoencoderOnnxExporterTests
{
    private static FeatureMatrix Data(int rows, int d, int seed)
    {
        var rng = new Random(seed);
        var m = new FeatureMatrix(rows, d);
        for (int i = 0; i < m.Data.Length; i++) m.Data[i] = (float)(rng.NextDouble() * 20 - 30 + (i % d) * 0.5);
        return m;
    }

    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    [Fact]
    public void ExportedGraph_PassesOnnxChecker_AndOrtMatchesTheModel()
    {
        // 40 values = MfccStats (20 MFCCs x mean/std), so AnomalyModel can load it with those feature settings.
        const int d = 40;
        var model = new AutoencoderTrainer(new AutoencoderOptions(HiddenUnits: 32, BottleneckUnits: 4, HiddenLayers: 2, Epochs: 4, BatchSize: 32, Seed: 2))
            .Train(Data(400, d, 1));
        var dir = OnnxTestSupport.NewTempDir();
        var path = Path.Combine(dir, "ae.onnx");
        var metadata = new ModelMetadata
        {
            Algorithm = "Autoencoder",
            FeatureSettings = FeatureSettings.Create(FeatureSet.MfccStats),
            Threshold = 12.5,
            ScoreKind = ScoreKind.ReconstructionError,
        };
        AutoencoderOnnxExporter.Export(model, path, metadata);

        var (code, error) = OnnxTestSupport.RunOnnxChecker(path);
        Assert.True(code == 0, error);

        var test = Data(50, d, 9);
        var expectedErrors = model.ReconstructionErrors(test);
        var expectedReconstruction = model.Reconstruct(test);
        using (var session = OnnxSession.Open(path))
        {
            Assert.Equal(new[] { "error", "reconstruction" }, session.Outputs.Select(o => o.Name).ToArray());
            var outputs = session.Run("X", OnnxTensor.FromFloat(test.Data, test.Rows, d));
            Assert.Equal(new[] { 50L, 1L }, outputs["error"].Shape.ToArray());
            var errors = outputs["error"].AsFloat();
            var reconstruction = outputs["reconstruction"].AsFloat();
            for (int r = 0; r < test.Rows; r++) AssertClose(expectedErrors[r], errors[r], 1e-5, $"error row {r}");
            for (int i = 0; i < reconstruction.Length; i++) AssertClose(expectedReconstruction.Data[i], reconstruction[i], 1e-5, $"reconstruction {i}");
        }

        // AnomalyModel: the metadata says ReconstructionError, so it reads "error" although the graph has two float outputs.
        using var anomaly = AnomalyModel.Load(path);
        Assert.Equal(ScoreKind.ReconstructionError, anomaly.ScoreKind);
        Assert.Equal("Autoencoder", anomaly.Algorithm);
        Assert.Equal(12.5, anomaly.Threshold);
        var scores = anomaly.ScoreVectors(test);
        for (int r = 0; r < test.Rows; r++) AssertClose(expectedErrors[r], scores[r], 1e-5, $"score row {r}");
    }

    [Fact]
    public void GraphUsesOnlyStandardOpset17Operators()
    {
        var model = new AutoencoderTrainer(new AutoencoderOptions(HiddenUnits: 4, BottleneckUnits: 2, HiddenLayers: 1, Epochs: 1, BatchSize: 8)).Train(Data(20, 6, 3));
        var dir = OnnxTestSupport.NewTempDir();
        var path = Path.Combine(dir, "small.onnx");
        AutoencoderOnnxExporter.Export(model, path);
        var info = OnnxModelInfo.Read(path);
        Assert.Equal(17L, Assert.Single(info.OpsetImports, kv => kv.Key == "").Value);
        Assert.Single(info.OpsetImports);
        // Without our metadata the two float outputs are ambiguous for AnomalyModel: it says so instead of guessing.
        var ex = Assert.Throws<OnnxModelException>(() => AnomalyModel.Load(path, new ModelOverrides(FeatureSettings.Create(FeatureSet.MfccStats) with { MfccCount = 3 }, 1.0)));
        Assert.Contains("cannot tell which output", ex.Message);
    }
}
