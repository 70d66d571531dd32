using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>One model trained on the bundled sample, shared by the prediction tests (training takes a moment).</summary>
public sealed class TrainedSampleModel : IDisposable
{
    public TrainedSampleModel()
    {
        Dir = BldcSample.NewTempDir();
        Path = System.IO.Path.Combine(Dir, "bldc.onnx");
        Info = new ModelTrainer(new IsolationForestDetectorTrainer(new IsolationForestOptions(Seed: 1)))
            .Train(BldcSample.Train, Path);
    }

    public string Dir { get; }
    public string Path { get; }
    public ModelInfo Info { get; }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

public sealed class PredictorTests(TrainedSampleModel trained) : IClassFixture<TrainedSampleModel>
{
    [Fact]
    public void OnnxRuntimeScoresEqualTheCSharpForest()
    {
        // Train the same forest in memory and compare its clip scores with ONNX Runtime's through the saved model.
        var extractor = new FeatureExtractor(new FeatureSettings());
        var train = BldcSample.Train.Select(f => extractor.Extract(AudioFile.ReadAll(f))).ToList();
        var all = new FeatureMatrix(train.SelectMany(m => m.Data).ToArray(), train[0].Columns);
        var detector = new IsolationForestDetectorTrainer(new IsolationForestOptions(Seed: 1)).Train(all, default);

        using var model = AnomalyModel.Load(trained.Path);
        var predictor = new Predictor(model);
        foreach (var file in BldcSample.HeldBack.Concat(BldcSample.Abnormal))
        {
            var expected = detector.Score(extractor.Extract(AudioFile.ReadAll(file))).Average();
            Assert.Equal(expected, predictor.Predict(file).Single().Score, 5);
        }
    }

    [Fact]
    public void AbnormalClipsScoreAboveHeldBackNormalOnes()
    {
        using var model = AnomalyModel.Load(trained.Path);
        var predictor = new Predictor(model);
        var normal = BldcSample.HeldBack.Select(f => predictor.Predict(f).Single()).ToList();
        var abnormal = BldcSample.Abnormal.Select(f => predictor.Predict(f).Single()).ToList();

        Assert.True(abnormal.Average(r => r.Score) > normal.Average(r => r.Score) + 0.03);
        // The threshold comes from held-out training scores: no healthy clip flagged (in-sample it flagged all 4).
        Assert.DoesNotContain(normal, r => r.IsAnomaly);
        Assert.True(abnormal.Count(r => r.IsAnomaly) >= 4, "a damaged propeller should be flagged");
        Assert.All(normal.Concat(abnormal), r =>
        {
            Assert.Equal(r.Score > r.Threshold, r.IsAnomaly);
            Assert.Equal(r.IsAnomaly ? "anomaly" : "normal", r.Label);
            Assert.Equal("bldc.onnx", r.Model);
            Assert.Equal(0.0, r.Offset);
            Assert.Equal(3.0, r.Duration);
        });
    }

    [Fact]
    public void SegmentsCoverTheFileAndEachScoresLikeItsOwnClip()
    {
        using var model = AnomalyModel.Load(trained.Path);
        var file = BldcSample.Abnormal[2];
        var results = new Predictor(model, new PredictionOptions(TimeSpan.FromSeconds(1))).Predict(file);

        Assert.Equal(new[] { 0.0, 1.0, 2.0 }, results.Select(r => r.Offset));
        Assert.All(results, r => Assert.Equal(1.0, r.Duration, 9));
        // Segment 2 alone, cut from the audio, scores the same.
        var audio = AudioFile.ReadAll(file);
        var extractor = new FeatureExtractor(model.FeatureSettings);
        var mono = extractor.ToMono(audio);
        Assert.Equal(model.ScoreClip(extractor.Extract(mono.AsSpan(32000, 16000))), results[2].Score, 12);
    }

    [Fact]
    public void AShortRemainderJoinsTheLastSegment()
    {
        using var model = AnomalyModel.Load(trained.Path);
        var results = new Predictor(model, new PredictionOptions(TimeSpan.FromSeconds(1.45))).Predict(BldcSample.Abnormal[0]);
        // 3 s in 1.45 s segments leaves 0.1 s (1600 samples), shorter than one vector (2048): it joins segment 2.
        Assert.Equal(2, results.Count);
        Assert.Equal(3.0, results.Sum(r => r.Duration), 9);
    }

    [Fact]
    public void ATooShortFileIsAnErrorNamingIt()
    {
        var path = System.IO.Path.Combine(trained.Dir, "short.wav");
        using (var w = new WavWriter(path, 16000, 1, WavSampleFormat.Pcm16)) w.Write(new float[1000]);
        using var model = AnomalyModel.Load(trained.Path);
        var e = Assert.Throws<AudioFileException>(() => new Predictor(model).Predict(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(1000, Assert.IsType<ClipTooShortException>(e.InnerException).ActualSamples);
        Assert.Contains("too short", e.Message);
    }

    [Fact]
    public void ThresholdOverrideReplacesTheStoredOne()
    {
        using var model = AnomalyModel.Load(trained.Path, new ModelOverrides(Threshold: 1.0));
        var r = new Predictor(model).Predict(BldcSample.Abnormal[5]).Single();
        Assert.Equal(1.0, r.Threshold);
        Assert.False(r.IsAnomaly);
    }

    [Fact]
    public void MismatchedFeatureSettingsAreRefused()
    {
        var e = Assert.Throws<OnnxModelException>(() => AnomalyModel.Load(trained.Path, new ModelOverrides(FeatureSettings.Create(FeatureSet.MfccStats))));
        Assert.Contains(trained.Path, e.Message);
        Assert.Contains("carries its own feature settings", e.Message);
    }

    [Fact]
    public void AMissingOrNonOnnxModelIsAClearError()
    {
        var missing = System.IO.Path.Combine(trained.Dir, "nope.onnx");
        Assert.Contains("not found", Assert.Throws<OnnxModelException>(() => AnomalyModel.Load(missing)).Message);
        var text = System.IO.Path.Combine(trained.Dir, "text.onnx");
        File.WriteAllText(text, "this is not a model");
        var e = Assert.ThrowsAny<Exception>(() => AnomalyModel.Load(text));
        Assert.True(e is OnnxModelException or OnnxRuntimeException);
        Assert.Contains("text.onnx", e.Message);
    }
}
