using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.KMeans;
using AcousticAnomaly.Models.OneClassSvm;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Training;

/// <summary>
/// k-means and one-class SVM from audio to verdict: ModelTrainer on real valve clips (FLAC, real libFLAC) writes the
/// model, AnomalyModel loads it in ONNX Runtime, and Predictor's clip scores equal the C# detector's own clip scores.
/// </summary>
public class DetectorTrainingEndToEndTests
{
    private static readonly string[] Normal = Enumerable.Range(0, 4).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToArray();
    private static readonly string[] Anomalous = Enumerable.Range(0, 2).Select(i => TestPaths.Fixture("detectors", $"valve_anomaly_{i}.flac")).ToArray();

    private static string TempModel() =>
        Path.Combine(Directory.CreateTempSubdirectory("aa-detectors-").FullName, "model.onnx");

    /// <summary>Trains the detector directly on the same vectors ModelTrainer sees (clips concatenated in order) and
    /// returns its mean score per clip.</summary>
    private static double[] DirectClipScores(IDetectorTrainer detector, FeatureSettings settings, IEnumerable<string> scored)
    {
        var extractor = new FeatureExtractor(settings);
        var training = Normal.Select(f => extractor.Extract(AudioFile.ReadAll(f))).ToList();
        var all = new FeatureMatrix(training.SelectMany(m => m.Data).ToArray(), training[0].Columns);
        var trained = detector.Train(all, CancellationToken.None);
        return scored.Select(f => trained.Score(extractor.Extract(AudioFile.ReadAll(f))).Average()).ToArray();
    }

    private static void AssertPredictorMatches(string modelPath, double[] expected, double relative)
    {
        using var model = AnomalyModel.Load(modelPath);
        var predictor = new Predictor(model);
        var files = Normal.Concat(Anomalous).ToArray();
        for (int i = 0; i < files.Length; i++)
        {
            var result = Assert.Single(predictor.Predict(files[i]));
            var tolerance = relative * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - result.Score) <= tolerance, $"{Path.GetFileName(files[i])}: detector {expected[i]}, ONNX {result.Score}");
            Assert.Equal(result.Score > model.Threshold, result.IsAnomaly);
        }
    }

    public static TheoryData<int, bool, FeatureSet> KMeansCases() => new()
    {
        { 4, true, FeatureSet.LogMelFrames },
        { 1, true, FeatureSet.LogMelFrames },
        { 3, false, FeatureSet.MfccStats },
    };

    [Theory]
    [MemberData(nameof(KMeansCases))]
    public void KMeans_TrainedFromAudio_PredictsTheDetectorsScores(int k, bool standardize, FeatureSet featureSet)
    {
        var settings = FeatureSettings.Create(featureSet);
        var options = new KMeansOptions(ClusterCount: k, Standardize: standardize, Seed: 2);
        var path = TempModel();
        var info = new ModelTrainer(new KMeansDetectorTrainer(options), new TrainingOptions { Features = settings, ThresholdMethod = ThresholdMethod.Gamma })
            .Train(Normal, path);

        Assert.Equal("KMeans", info.Algorithm);
        Assert.Equal(4, info.TrainingClips);
        var metadata = ModelMetadata.ReadFromModel(path)!;
        Assert.Equal(ScoreKind.Distance, metadata.ScoreKind);
        Assert.Equal(k.ToString(), metadata.Training.Parameters["clusters"]);
        Assert.True(double.IsFinite(info.Threshold) && info.Threshold > 0, $"threshold {info.Threshold}");

        var expected = DirectClipScores(new KMeansDetectorTrainer(options), settings, Normal.Concat(Anomalous));
        AssertPredictorMatches(path, expected, 1e-4);
    }

    [Fact]
    public void KMeans_WithContaminationButNoFraction_FailsNamingTheReason()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new ModelTrainer(new KMeansDetectorTrainer(new KMeansOptions(ClusterCount: 2)), new TrainingOptions { ThresholdMethod = ThresholdMethod.Contamination }).Train(Normal, TempModel()));
        Assert.Contains("no natural decision boundary", e.Message);
    }

    [Theory]
    [InlineData(0.1, FeatureSet.LogMelFrames, 4096)]
    [InlineData(0.2, FeatureSet.LogMelFrames, 150)]
    [InlineData(0.5, FeatureSet.LogMelStats, 4096)]
    public void OneClassSvm_TrainedFromAudio_PredictsTheDetectorsScores(double nu, FeatureSet featureSet, int maxVectors)
    {
        var settings = FeatureSettings.Create(featureSet);
        var options = new OneClassSvmOptions(Nu: nu, MaxTrainingVectors: maxVectors, Seed: 4);
        var path = TempModel();
        var info = new ModelTrainer(new OneClassSvmDetectorTrainer(options), new TrainingOptions { Features = settings, ThresholdMethod = ThresholdMethod.Contamination }).Train(Normal, path);

        Assert.Equal("OneClassSvm", info.Algorithm);
        Assert.Equal(0.0, info.Threshold); // the SVM's own boundary
        var metadata = ModelMetadata.ReadFromModel(path)!;
        Assert.Equal(ScoreKind.NegatedDecision, metadata.ScoreKind);
        Assert.Equal(maxVectors.ToString(), metadata.Training.Parameters["max_training_vectors"]);

        var expected = DirectClipScores(new OneClassSvmDetectorTrainer(options), settings, Normal.Concat(Anomalous));
        AssertPredictorMatches(path, expected, 1e-4);
    }
}
