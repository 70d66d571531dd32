using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Ensemble;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;
using Xunit;
using AcousticAnomaly.Models;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models.Ensemble;

/// <summary>Score ensembles: held-out z-normalisation, one ONNX graph equal to the in-process score, a working threshold.</summary>
public sealed class EnsembleTests
{
    private const int D = 6;

    /// <summary>Twelve synthetic "clips" of 3 vectors each around one normal operating point, and off-normal test vectors.</summary>
    private static List<(string Path, FeatureMatrix Vectors)> Clips(int count, double offset, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(c => ($"clip{c}.wav", new FeatureMatrix(
            Enumerable.Range(0, 3 * D).Select(i => (float)(offset + (i % D) * 0.5 + random.NextDouble())).ToArray(), D))).ToList();
    }

    private static FeatureMatrix Rows(IEnumerable<(string Path, FeatureMatrix Vectors)> clips) =>
        new(clips.SelectMany(c => c.Vectors.Data).ToArray(), D);

    [Fact]
    public void EveryFamilysGraphSplicedIntoOneModelPassesTheCheckerAndOnnxRuntimeGivesTheInProcessScores()
    {
        var clips = Clips(12, 0, seed: 1);
        var options = new EnsembleOptions(Enum.GetValues<EnsembleMember>(), Weights: [1, 2, 1, 1, 1], Folds: 4);
        var trained = new EnsembleDetectorTrainer(options).Train(clips, Rows(clips), default);
        var test = Rows(Clips(4, 0, seed: 2).Concat(Clips(4, 3, seed: 3)));

        var path = Path.Combine(NewTempDir(), "ensemble.onnx");
        trained.Export(path, new ModelMetadata { Algorithm = "Ensemble", ScoreKind = trained.ScoreKind });
        // Members' float outputs are rounded before the double normalisation: equal to float precision.
        DetectorFixtures.AssertGraphScoresAsScorer(path, EnsembleOnnxExporter.InputName, EnsembleOnnxExporter.ScoreOutput, test,
            trained.Score(test), 1e-4);
    }

    [Fact]
    public void MembersAreNormalisedOnTheirHeldOutScores()
    {
        var clips = Clips(10, 0, seed: 4);
        var detector = new EnsembleDetectorTrainer(new EnsembleOptions());
        var trained = (IHeldOutScored)detector.Train(clips, Rows(clips), default);

        // Each member's held-out z-scores have mean 0 and sd 1, so their weighted mean has mean 0 and sd at most 1.
        var heldOut = trained.HeldOutClipScores;
        Assert.Equal(0, heldOut.Average(), 9);
        Assert.InRange(Math.Sqrt(heldOut.Average(s => s * s)), 0.3, 1 + 1e-9);
        Assert.Equal(3, detector.Parameters["stds"].Split(',').Length);
        Assert.Equal("Knn,Gmm,Mahalanobis", detector.Parameters["members"]);
    }

    [Fact]
    public void TrainedOnFixtureClipsTheModelFlagsTheAnomaliesAndNotAHeldBackNormalClip()
    {
        var train = Enumerable.Range(0, 3).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToList();
        var path = Path.Combine(NewTempDir(), "ensemble.onnx");
        var info = new ModelTrainer(new EnsembleDetectorTrainer(new EnsembleOptions()),
            new TrainingOptions { Features = FeatureSettings.Create(EnsembleOptions.RecommendedFeatureSet) }).Train(train, path);

        Assert.Equal("Ensemble", info.Algorithm);
        Assert.Equal("held-out (the detector's own)", ModelMetadata.ReadFromModel(path)!.Training.Parameters["threshold_scores"]);
        using var model = AnomalyModel.Load(path);
        var predictor = new Predictor(model);
        Assert.False(predictor.Predict(TestPaths.Fixture("detectors", "valve_normal_3.flac")).Single().IsAnomaly);
        for (int i = 0; i < 2; i++)
            Assert.True(predictor.Predict(TestPaths.Fixture("detectors", $"valve_anomaly_{i}.flac")).Single().IsAnomaly);
    }

    [Fact]
    public void InvalidOptionsAreRefusedByName()
    {
        Assert.Contains("weight per member", Assert.Throws<ArgumentException>(() => new EnsembleOptions(Weights: [1]).Validate()).Message);
        Assert.Contains("Folds", Assert.Throws<ArgumentException>(() => new EnsembleOptions(Folds: 1).Validate()).Message);
        Assert.Contains("at least one member", Assert.Throws<ArgumentException>(() => new EnsembleOptions(Members: []).Validate()).Message);
    }
}
