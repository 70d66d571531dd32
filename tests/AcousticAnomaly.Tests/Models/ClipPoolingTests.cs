using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.ConvAutoencoder;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models;

/// <summary>Top-k clip pooling: the value, and one pooling for ONNX prediction, the live clip scorer and the model file.</summary>
public sealed class ClipPoolingTests
{
    [Theory]
    [InlineData(1, 5.0)]
    [InlineData(2, 4.5)]
    [InlineData(3, 4.0)]
    [InlineData(10, 3.25)]
    public void TopMeanIsTheMeanOfTheKHighest(int k, double expected) =>
        Assert.Equal(expected, ClipPooling.TopMean([1, 5, 3, 4], k), 12);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(500)]
    [InlineData(5000)]
    public void StreamedTopKEqualsTopMeanOfAllScores(int k)
    {
        var random = new Random(k);
        var scores = Enumerable.Range(0, 3000).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        var streamed = new ClipPooling.Streamed(k);
        foreach (var s in scores) streamed.Add(s);
        Assert.Equal(ClipPooling.TopMean(scores, k), streamed.Mean); // bit-exact: same kept values, same order
        Assert.Equal(scores.Length, streamed.Count);
    }

    [Fact]
    public void WithoutTopKAClipScoresTheMean() => Assert.Equal(3.25, ClipPooling.Pool([1, 5, 3, 4], null), 12);

    [Fact]
    public void ABlockAutoencoderStoresItsTopKAndPredictionAndTheLiveScorerPoolAlike()
    {
        var normal = Enumerable.Range(0, 2).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToList();
        var path = Path.Combine(NewTempDir(), "cae.onnx");
        var options = new ConvAutoencoderOptions(FrameSeconds: 0.2, HiddenChannels: 4, BottleneckChannels: 2, Epochs: 1, MaxDegreeOfParallelism: 1, ClipTopK: 3);
        new ModelTrainer(new ConvAutoencoderDetectorTrainer(options)).Train(normal, path);

        var meta = ModelMetadata.ReadFromModel(path)!;
        Assert.Equal(3, meta.ClipTopK);
        Assert.Equal("3", meta.Training.Parameters["clip_top_k"]);
        using var model = AnomalyModel.Load(path);
        var clip = TestPaths.Fixture("detectors", "valve_anomaly_0.flac");
        var vectors = new FeatureExtractor(model.FeatureSettings).Extract(AudioFile.ReadAll(clip));
        double expected = ClipPooling.TopMean(model.ScoreVectors(vectors), 3);
        Assert.Equal(expected, new Predictor(model).Predict(clip).Single().Score, 12);
        // Issue 15 item 13: a whole file is scored streamed, keeping only the k highest scores.
        using (var reader = AudioFile.Open(clip))
        {
            var streamed = StreamedClipScore.TryScore(clip, reader, new FeatureExtractor(model.FeatureSettings), model, default);
            Assert.Equal(expected, Assert.NotNull(streamed).Score, 12);
        }
        using var scorer = model.CreateClipScorer();
        Assert.Equal(expected, scorer.Score(vectors), 12);
        Assert.Equal(expected, scorer.Score(vectors), 12); // the bound (allocation-free) path
    }

    [Fact]
    public void TheVerbsZeroMeansTheMean()
    {
        var dir = NewTempDir();
        var model = Path.Combine(dir, "cae.onnx");
        var (code, _, stderr) = CliRunner.Run(["train", "conv-autoencoder", TestPaths.Fixture("detectors", "valve_normal_0.flac"), "--output", model,
            "--frame-seconds", "0.2", "--hidden-channels", "4", "--bottleneck-channels", "2", "--epochs", "1", "--clip-top-k", "0"]);
        Assert.True(code == 0, stderr);
        Assert.Null(ModelMetadata.ReadFromModel(model)!.ClipTopK);
    }
}
