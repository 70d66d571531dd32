using System.Text.Json;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Autoencoder;
using AcousticAnomaly.Models.Common;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Tests.Onnx;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Autoencoder;

public class AutoencoderEndToEndTests
{
    private static string[] Clips() =>
        Enumerable.Range(0, 6).Select(i => TestPaths.Fixture("autoencoder", $"valve_normal_{i}.wav")).ToArray();

    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ModelTrainer_Autoencoder_ThenPredictor_ScoresEqualTheTrainedModelsClipMse(bool standardize)
    {
        var options = new AutoencoderOptions(Epochs: 3, BatchSize: 64, Seed: 5, Standardize: standardize);
        var clips = Clips();
        var output = Path.Combine(OnnxTestSupport.NewTempDir(), "valve-ae.onnx");
        var training = new TrainingOptions { ThresholdMethod = ThresholdMethod.Gamma, ThresholdFolds = 1 }; // in-sample: repeated below
        var info = new ModelTrainer(new AutoencoderDetectorTrainer(options), training).Train(clips, output);
        Assert.Equal("Autoencoder", info.Algorithm);
        Assert.Equal(6, info.TrainingClips);

        // The same seed and data give the same network: retrain it here to know the C# model's clip scores.
        var extractor = new FeatureExtractor(new FeatureSettings());
        var features = clips.Select(c => extractor.Extract(AudioFile.ReadAll(c))).ToList();
        var all = new FeatureMatrix(features.SelectMany(f => f.Data).ToArray(), features[0].Columns);
        Assert.Equal(640, all.Columns);
        Assert.Equal(info.TrainingVectors, all.Rows);
        var (mean, scale) = ColumnScaling.MeanAndScale(all);
        FeatureMatrix Input(FeatureMatrix x) => standardize ? ColumnScaling.Standardized(x, mean, scale) : x;
        var model = new AutoencoderTrainer(options).Train(Input(all));
        var clipScores = features.Select(f => model.ReconstructionErrors(Input(f)).Average()).ToList();
        // SciPy's gamma fit when it lands among the scores, else the standardised refit (FittedThreshold).
        var fitted = FittedThreshold.Fit(clipScores, ThresholdMethod.Gamma, 0.9);
        Assert.Equal(fitted.Value, info.Threshold, 12);

        var metadata = ModelMetadata.ReadFromModel(output)!;
        Assert.Equal(ScoreKind.ReconstructionError, metadata.ScoreKind);
        Assert.Equal(standardize ? "true" : "false", metadata.Training.Parameters["standardize"]);
        Assert.Equal(0, OnnxTestSupport.RunOnnxChecker(output).ExitCode);
        Assert.Equal("3", metadata.Training.Parameters["epochs"]);
        Assert.Equal(fitted.Method, metadata.Training.Parameters["threshold_method"]);

        using var anomaly = AnomalyModel.Load(output);
        var predictor = new Predictor(anomaly);
        for (int i = 0; i < clips.Length; i++)
        {
            var result = Assert.Single(predictor.Predict(clips[i]));
            AssertClose(clipScores[i], result.Score, 1e-4, clips[i]);
            Assert.Equal(info.Threshold, result.Threshold);
        }
    }

    [Fact]
    public void AutoencoderWithoutANaturalBoundary_NeedsAThresholdMethod()
    {
        var output = Path.Combine(OnnxTestSupport.NewTempDir(), "ae.onnx");
        var ex = Assert.Throws<ArgumentException>(() => new ModelTrainer(new AutoencoderDetectorTrainer(new AutoencoderOptions(Epochs: 1)),
            new TrainingOptions { ThresholdMethod = ThresholdMethod.Contamination }).Train(Clips(), output));
        Assert.Contains("no natural decision boundary", ex.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void PyTorchAutoencoder_IsScoredAsReconstructionMse_WithGivenFeatureSettingsAndThreshold()
    {
        var path = TestPaths.Fixture("autoencoder", "torch_autoencoder_logmelstats.onnx");
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("autoencoder", "torch_autoencoder_logmelstats.json")));
        var root = doc.RootElement;
        float[] F(string name) => OnnxTestSupport.Floats(root.GetProperty(name));
        int d = root.GetProperty("input_length").GetInt32(), h = root.GetProperty("hidden").GetInt32();
        var (w1, b1, w2, b2) = (F("w1"), F("b1"), F("w2"), F("b2"));

        var settings = FeatureSettings.Create(FeatureSet.LogMelStats);
        using var model = AnomalyModel.Load(path, new ModelOverrides(settings, 150.0));
        Assert.Equal(ScoreKind.Reconstruction, model.ScoreKind);
        Assert.Equal("External", model.Algorithm);
        Assert.Equal(d, model.InputLength);

        // numpy's MSE for the script's rows: the weights read from JSON are the graph's, and ORT's path agrees.
        var x = new FeatureMatrix(F("x"), d);
        var numpy = OnnxTestSupport.Doubles(root.GetProperty("mse"));
        var ort = model.ScoreVectors(x);
        for (int r = 0; r < x.Rows; r++)
        {
            AssertClose(numpy[r], ort[r], 1e-5, $"ORT row {r}");
            AssertClose(numpy[r], Mse(x.Row(r)), 1e-6, $"reference row {r}");
        }

        // Real clips: Score = mean over the clip's vectors of mean((features - reconstruction)^2).
        var extractor = new FeatureExtractor(settings);
        var predictor = new Predictor(model);
        foreach (var clip in Clips().Take(3))
        {
            var features = extractor.Extract(AudioFile.ReadAll(clip));
            double expected = Enumerable.Range(0, features.Rows).Average(r => Mse(features.Row(r)));
            var result = Assert.Single(predictor.Predict(clip));
            AssertClose(expected, result.Score, 1e-5, clip);
            Assert.Equal(150.0, result.Threshold);
            Assert.Equal(result.Score > 150.0, result.IsAnomaly);
        }

        // Reference forward pass in double straight from the weights: relu(x W1 + b1) W2 + b2.
        double Mse(ReadOnlySpan<float> v)
        {
            var hidden = new double[h];
            for (int j = 0; j < h; j++)
            {
                double s = b1[j];
                for (int i = 0; i < d; i++) s += v[i] * (double)w1[i * h + j];
                hidden[j] = Math.Max(s, 0);
            }
            double sum = 0;
            for (int i = 0; i < d; i++)
            {
                double y = b2[i];
                for (int j = 0; j < h; j++) y += hidden[j] * w2[j * d + i];
                sum += (v[i] - y) * (v[i] - y);
            }
            return sum / d;
        }
    }
}
