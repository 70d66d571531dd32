using System.Text.Json;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Knn;
using AcousticAnomaly.Training;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models.Knn;

/// <summary>k-NN scores against scikit-learn's NearestNeighbors / LocalOutlierFactor (tests/reference/knn_reference.py)
/// and the ONNX graph in ONNX Runtime against the C# scorer.</summary>
public sealed class KnnTests
{
    private static readonly JsonElement Reference = DetectorFixtures.Load("knn_reference.json");
    private static readonly int D = Reference.GetProperty("D").GetInt32();
    private static readonly FeatureMatrix X = DetectorFixtures.Matrix(Reference.GetProperty("X"), D);
    private static readonly FeatureMatrix XTest = DetectorFixtures.Matrix(Reference.GetProperty("X_test"), D);

    public static TheoryData<int> Cases() => new() { 0, 1, 2 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScikitLearn(int index)
    {
        var c = Reference.GetProperty("cases")[index];
        int k = c.GetProperty("k").GetInt32();
        var lof = new KnnScorer(new KnnTrainer(new KnnOptions(k, DensityNormalized: true, Standardize: false)).Train(X));
        var plain = new KnnScorer(new KnnTrainer(new KnnOptions(k, DensityNormalized: false, Standardize: false)).Train(X));
        foreach (var (name, actual) in new[] { ("lof", lof.Score(XTest)), ("kth_distance", plain.Score(XTest)), ("training_lof", lof.Score(X, leaveOneOut: true)) })
        {
            var expected = DetectorFixtures.Doubles(c.GetProperty(name));
            for (int r = 0; r < expected.Length; r++) DetectorFixtures.AssertClose(expected[r], actual[r], 1e-9, $"k={k} {name}[{r}]");
        }
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void OnnxGraphPassesTheCheckerAndOnnxRuntimeGivesTheScorersScores(bool densityNormalized, bool standardize)
    {
        var model = new KnnTrainer(new KnnOptions(3, densityNormalized, standardize)).Train(X);
        var path = Path.Combine(NewTempDir(), "knn.onnx");
        KnnOnnxExporter.Export(model, path, new ModelMetadata { Algorithm = "Knn", ScoreKind = ScoreKind.Distance });
        DetectorFixtures.AssertGraphScoresAsScorer(path, KnnOnnxExporter.InputName, KnnOnnxExporter.ScoreOutput, XTest,
            new KnnScorer(model).Score(XTest), 1e-5);
    }

    [Fact]
    public void TrainingClipsAreScoredLeaveOneOutSoTheThresholdIsNotZero()
    {
        var normal = Enumerable.Range(0, 4).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToList();
        var path = Path.Combine(NewTempDir(), "knn.onnx");
        var info = new ModelTrainer(new KnnDetectorTrainer(new KnnOptions(Neighbors: 1, DensityNormalized: false)),
            new TrainingOptions { Features = FeatureSettings.Create(KnnOptions.RecommendedFeatureSet) }).Train(normal, path);
        Assert.Equal("Knn", info.Algorithm);
        Assert.True(info.Threshold > 0, $"threshold {info.Threshold}");
        using var model = AcousticAnomaly.Models.AnomalyModel.Load(path);
        var predictor = new AcousticAnomaly.Models.Predictor(model);
        // A training clip is in the bank: through the model file (the whole bank) its distance is 0.
        Assert.Equal(0, predictor.Predict(normal[0]).Single().Score, 3);
    }
}
