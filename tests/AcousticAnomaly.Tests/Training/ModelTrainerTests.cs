using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Tests.Models;
using AcousticAnomaly.Tests.Onnx;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Training;

public sealed class ModelTrainerTests : IDisposable
{
    private readonly string _dir = BldcSample.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ModelTrainer Forest(TrainingOptions? options = null, int seed = 1) =>
        new(new IsolationForestDetectorTrainer(new IsolationForestOptions(Seed: seed)), options);

    [Fact]
    public void WritesAModelThatCarriesItsSettingsThresholdAndSummary()
    {
        var path = Path.Combine(_dir, "m.onnx");
        var info = Forest(new TrainingOptions { ThresholdMethod = ThresholdMethod.Contamination }).Train(BldcSample.Train, path);

        Assert.Equal(path, info.Path);
        Assert.Equal("IsolationForest", info.Algorithm);
        Assert.Equal(FeatureSet.LogMelFrames, info.FeatureSet);
        Assert.Equal(4, info.TrainingClips);
        // 3 s at 16 kHz: 1 + 48000/512 = 94 frames -> 90 stacked vectors per clip (the 44.1 kHz clip is resampled first).
        Assert.Equal(4 * 90, info.TrainingVectors);
        Assert.Equal(0.0, info.Threshold); // contamination 'auto': scikit-learn's predict rule
        Assert.Equal(path, info.ToString()); // so the object can be given as -Model

        var metadata = ModelMetadata.ReadFromModel(path)!;
        Assert.Equal(new FeatureSettings(), metadata.FeatureSettings);
        Assert.Equal(ScoreKind.NegatedDecision, metadata.ScoreKind);
        Assert.Equal(4, metadata.Training.Clips);
        Assert.Equal("100", metadata.Training.Parameters["trees"]);
        Assert.Equal("Natural(0)", metadata.Training.Parameters["threshold_method"]);
        Assert.Equal("Natural(0)", metadata.ThresholdMethod);
        Assert.Equal(0, OnnxTestSupport.RunOnnxChecker(path).ExitCode);
    }

    [Fact]
    public void TheDefaultThresholdIsFittedOnTheTrainingScoresAndRecorded()
    {
        var path = Path.Combine(_dir, "m.onnx");
        var info = Forest().Train(BldcSample.Train, path);

        var metadata = ModelMetadata.ReadFromModel(path)!;
        Assert.Equal(info.ThresholdMethod, metadata.ThresholdMethod);
        Assert.Matches(@"^(Gamma\(0\.9|Percentile\(90)", metadata.ThresholdMethod);
        Assert.Equal(metadata.ThresholdMethod, metadata.Training.Parameters["threshold_method"]);
        Assert.NotEqual(0.0, info.Threshold); // no longer scikit-learn's offset, which flagged almost nothing on real data
    }

    [Fact]
    public void RefusesToReplaceAModelWithoutOverwrite()
    {
        var path = Path.Combine(_dir, "m.onnx");
        File.WriteAllText(path, "keep me");
        var e = Assert.Throws<AcousticAnomaly.IO.TargetExistsException>(() => Forest().Train(BldcSample.Train, path));
        Assert.Contains(path, e.Message);
        Assert.Equal("keep me", File.ReadAllText(path));

        Forest(new TrainingOptions { Overwrite = true }).Train(BldcSample.Train, path);
        Assert.NotNull(ModelMetadata.ReadFromModel(path));
    }

    [Fact]
    public void ACorruptClipIsReportedAndTrainingGoesOnWithTheRest()
    {
        var corrupt = Path.Combine(_dir, "corrupt.wav");
        File.WriteAllBytes(corrupt, "RIFF\x10\0\0\0WAVEjunk"u8.ToArray());
        var errors = new List<(string, Exception)>();
        var info = Forest().Train(BldcSample.Train.Append(corrupt).ToList(), Path.Combine(_dir, "m.onnx"), (f, e) => errors.Add((f, e)));

        var (file, error) = Assert.Single(errors);
        Assert.Equal(corrupt, file);
        Assert.IsType<AudioFileException>(error);
        Assert.Contains("corrupt.wav", error.Message);
        Assert.Equal(4, info.TrainingClips);
    }

    [Fact]
    public void NoUsableClipIsAClearError()
    {
        var missing = Path.Combine(_dir, "missing.wav");
        var e = Assert.Throws<InvalidOperationException>(() => Forest().Train([missing], Path.Combine(_dir, "m.onnx"), (_, _) => { }));
        Assert.Contains("none of the 1 training files", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "m.onnx")));
    }

    [Fact]
    public void SameSeedGivesTheSameScores()
    {
        var a = Forest(seed: 7).Train(BldcSample.Train, Path.Combine(_dir, "a.onnx"));
        var b = Forest(seed: 7).Train(BldcSample.Train, Path.Combine(_dir, "b.onnx"));
        var c = Forest(seed: 8).Train(BldcSample.Train, Path.Combine(_dir, "c.onnx"));
        double Score(ModelInfo m)
        {
            using var model = AcousticAnomaly.Models.AnomalyModel.Load(m.Path);
            return new AcousticAnomaly.Models.Predictor(model).Predict(BldcSample.Abnormal[0]).Single().Score;
        }
        Assert.Equal(Score(a), Score(b));
        Assert.NotEqual(Score(a), Score(c));
    }

    [Theory]
    [InlineData(ThresholdMethod.Percentile, 100.0)]
    [InlineData(ThresholdMethod.Contamination, 0.25)]
    [InlineData(ThresholdMethod.Gamma, 0.9)]
    public void ThresholdComesFromTheTrainingClipScores(ThresholdMethod method, double parameter)
    {
        var path = Path.Combine(_dir, "m.onnx");
        // In-sample scores (ThresholdFolds 1), so the fit can be repeated from the model's own scores of its training clips.
        var info = Forest(new TrainingOptions { ThresholdMethod = method, ThresholdParameter = parameter, ThresholdFolds = 1 }).Train(BldcSample.Train, path);

        using var model = AcousticAnomaly.Models.AnomalyModel.Load(path);
        var predictor = new AcousticAnomaly.Models.Predictor(model);
        var trainingScores = BldcSample.Train.Select(f => predictor.Predict(f).Single().Score).ToList();
        Assert.Equal(info.Threshold, model.Threshold);
        var expected = FittedThreshold.Fit(trainingScores, method, parameter).Value;
        // Training scores come from the C# forest, these from ONNX Runtime: equal to float rounding, which a 3-parameter
        // gamma fit on four clips amplifies (its maximum-likelihood surface is flat), so that method gets a looser bound.
        Assert.Equal(expected, info.Threshold, tolerance: method == ThresholdMethod.Gamma ? 5e-3 : 1e-5);
        if (method == ThresholdMethod.Percentile) Assert.DoesNotContain(trainingScores, s => s > info.Threshold + 1e-6);
    }
}
