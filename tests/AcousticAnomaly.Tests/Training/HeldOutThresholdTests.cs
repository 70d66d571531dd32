using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Gmm;
using AcousticAnomaly.Models.Knn;
using AcousticAnomaly.Models.Mahalanobis;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;
using Xunit;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Models.KMeans;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Training;

/// <summary>
/// Few training clips (the bldc demo has 4): the stored threshold must be on the scale of the scores new normal clips
/// get. Fitted on in-sample scores it was not - a GMM on 3 pooled clips stored -log-likelihood thresholds near -300
/// while every new clip scored ~1e6, so everything was flagged. The threshold now comes from held-out scores.
/// </summary>
public sealed class HeldOutThresholdTests
{
    private static readonly List<string> Train = Enumerable.Range(0, 3).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToList();
    private static readonly string HeldBack = TestPaths.Fixture("detectors", "valve_normal_3.flac");

    public static TheoryData<string> Families() => new() { "gmm", "mahalanobis", "kmeans", "iforest", "knn" };

    private static IDetectorTrainer Detector(string family) => family switch
    {
        "gmm" => new GmmDetectorTrainer(new GmmOptions()),
        "mahalanobis" => new MahalanobisDetectorTrainer(new MahalanobisOptions()),
        "kmeans" => new KMeansDetectorTrainer(new KMeansOptions(ClusterCount: 1)),
        "iforest" => new IsolationForestDetectorTrainer(new IsolationForestOptions()),
        _ => new KnnDetectorTrainer(new KnnOptions(Neighbors: 1)),
    };

    private static (double Threshold, PredictionResult HeldBack, string Scores) TrainAndPredict(string family, int folds)
    {
        var path = Path.Combine(NewTempDir(), family + ".onnx");
        var options = new TrainingOptions { Features = FeatureSettings.Create(FeatureSet.LogMelTwfr), ThresholdFolds = folds };
        new ModelTrainer(Detector(family), options).Train(Train, path);
        using var model = AnomalyModel.Load(path);
        var result = new Predictor(model).Predict(HeldBack).Single();
        return (result.Threshold, result, ModelMetadata.ReadFromModel(path)!.Training.Parameters["threshold_scores"]);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void AHeldBackNormalClipIsNotFlaggedWithTheDefaultThreshold(string family)
    {
        var (threshold, heldBack, scores) = TrainAndPredict(family, new TrainingOptions().ThresholdFolds);

        // A forest's fold models (2 pooled vectors per tree) score on another scale than the model (3): shifted onto it.
        Assert.Equal(family == "iforest" ? "held-out (3 folds, shifted to the model's scale: fold models would draw 2 vectors per tree, the model 3: another score scale)" : "held-out (3 folds)", scores);
        Assert.False(heldBack.IsAnomaly, $"{family}: held-back normal clip scored {heldBack.Score:G6} over the threshold {threshold:G6}");
    }

    [Theory]
    [InlineData(null, 25, 20, true)] // pooled: 25 clips, folds of 20 - trees draw 20 instead of 25
    [InlineData(null, 1000, 800, false)] // frames: both draw 256
    [InlineData(null, 300, 240, true)]
    [InlineData(16, 25, 20, false)] // MaxSamples 16: both draw 16
    public void AForestsFoldModelsAreOnItsScaleOnlyWhenTheyDrawAsManyVectorsPerTree(int? maxSamples, int allRows, int foldRows, bool mismatch)
    {
        var forest = new IsolationForestDetectorTrainer(new IsolationForestOptions(MaxSamples: maxSamples));
        Assert.Equal(mismatch, forest.FoldScaleMismatch(allRows, foldRows) is not null);
    }

    [Fact]
    public void TheFoldWithTheFewestVectorsDecides()
    {
        var forest = new IsolationForestDetectorTrainer(new IsolationForestOptions());
        // 5 clips of 64 vectors, 5 folds: every fold model trains on 256 vectors, the cap the model draws too. A sixth clip
        // of 10 joins fold 0, whose model still has 256. With 4 clips of 64 a fold model draws 192, the model 256.
        static List<(string, FeatureMatrix)> Clips(params int[] rows) => rows.Select(r => ("", new FeatureMatrix(new float[r * 2], 2))).ToList();
        Assert.Null(HeldOutScores.FoldScaleMismatch(forest, Clips(64, 64, 64, 64, 64), 5));
        Assert.Null(HeldOutScores.FoldScaleMismatch(forest, Clips(64, 64, 64, 64, 64, 10), 5));
        Assert.NotNull(HeldOutScores.FoldScaleMismatch(forest, Clips(64, 64, 64, 64), 5));
        Assert.Null(HeldOutScores.FoldScaleMismatch(new GmmDetectorTrainer(new GmmOptions()), Clips(1, 1, 1), 5));
    }

    [Fact]
    public void ShiftedHeldOutScoresMoveEachFoldByTheMeanGapOnTheClipsItTrainedOn()
    {
        var random = new Random(7);
        var clips = Enumerable.Range(0, 6).Select(c => ($"clip{c}", new FeatureMatrix(
            Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray(), 4))).ToList();
        var trainer = new IsolationForestDetectorTrainer(new IsolationForestOptions(Seed: 3));
        Assert.NotNull(HeldOutScores.FoldScaleMismatch(trainer, clips, 3)); // 4 vectors per fold model, 6 for the model
        var final = HeldOutScores.Fit(trainer, clips, default);
        var plain = HeldOutScores.Compute(trainer, clips, 3, default);
        var shifted = HeldOutScores.Compute(trainer, clips, 3, default, scaleOf: final);

        for (int f = 0; f < 3; f++)
        {
            var seen = clips.Where((_, i) => i % 3 != f).ToList();
            var fold = HeldOutScores.Fit(trainer, seen, default); // seeded: the same fold model again
            double shift = seen.Average(c => final.Score(c.Item2)[0] - fold.Score(c.Item2)[0]);
            Assert.NotEqual(0, shift);
            for (int i = f; i < clips.Count; i += 3) Assert.Equal(plain[i] + shift, shifted[i], 12);
        }
    }

    [Fact]
    public void TheGmmThresholdIsOnTheScaleOfNewClipsScores()
    {
        var (inSample, heldBackIn, scores) = TrainAndPredict("gmm", folds: 1);
        Assert.Equal("in-sample", scores);
        var (heldOut, heldBack, _) = TrainAndPredict("gmm", folds: 5);

        // In sample the mixture sits on its 3 clips: the threshold is orders of magnitude below any new clip's score.
        Assert.True(heldBackIn.Score > 100 * Math.Abs(inSample), $"in-sample threshold {inSample:G6}, held-back {heldBackIn.Score:G6}");
        Assert.InRange(heldOut, heldBack.Score / 10, heldBack.Score * 10);
    }
}
