using System.Text.Json;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Mahalanobis;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models.Mahalanobis;

/// <summary>Mahalanobis distances against scikit-learn's EmpiricalCovariance / LedoitWolf
/// (tests/reference/mahalanobis_reference.py) and the ONNX graph in ONNX Runtime against the C# scorer.</summary>
public sealed class MahalanobisTests
{
    private static readonly JsonElement Reference = DetectorFixtures.Load("mahalanobis_reference.json");

    private static (FeatureMatrix X, FeatureMatrix Test) Set(string name)
    {
        var s = Reference.GetProperty(name);
        int d = s.GetProperty("D").GetInt32();
        return (DetectorFixtures.Matrix(s.GetProperty("X"), d), DetectorFixtures.Matrix(s.GetProperty("X_test"), d));
    }

    [Theory]
    [InlineData("tall", CovarianceEstimator.Full, "EmpiricalCovariance")]
    [InlineData("tall", CovarianceEstimator.LedoitWolf, "LedoitWolf")]
    [InlineData("wide", CovarianceEstimator.Full, "EmpiricalCovariance")]
    [InlineData("wide", CovarianceEstimator.LedoitWolf, "LedoitWolf")]
    public void MatchesScikitLearn(string set, CovarianceEstimator covariance, string sklearnName)
    {
        var (x, test) = Set(set);
        var expected = Reference.GetProperty(set).GetProperty(sklearnName);
        var model = new MahalanobisTrainer(new MahalanobisOptions(covariance)).Train(x);

        DetectorFixtures.AssertClose(expected.GetProperty("shrinkage").GetDouble(), model.Shrinkage, 1e-9, "shrinkage");
        var location = DetectorFixtures.Doubles(expected.GetProperty("location"));
        for (int j = 0; j < location.Length; j++) DetectorFixtures.AssertClose(location[j], model.Location[j], 1e-12, $"location[{j}]");
        var distances = DetectorFixtures.Doubles(expected.GetProperty("mahalanobis"));
        var scores = new MahalanobisScorer(model).Score(test);
        // The wide set's full covariance is singular: its pseudo-inverse depends on the eigen-solver's rounding.
        double tolerance = set == "wide" && covariance == CovarianceEstimator.Full ? 1e-5 : 1e-8;
        for (int r = 0; r < distances.Length; r++) DetectorFixtures.AssertClose(distances[r], scores[r], tolerance, $"distance[{r}]");
    }

    [Fact]
    public void OnnxGraphPassesTheCheckerAndOnnxRuntimeGivesTheScorersScores()
    {
        var (x, test) = Set("tall");
        var model = new MahalanobisTrainer(new MahalanobisOptions()).Train(x);
        var path = Path.Combine(NewTempDir(), "mahalanobis.onnx");
        MahalanobisOnnxExporter.Export(model, path, new ModelMetadata { Algorithm = "Mahalanobis", ScoreKind = ScoreKind.Distance });
        DetectorFixtures.AssertGraphScoresAsScorer(path, MahalanobisOnnxExporter.InputName, MahalanobisOnnxExporter.ScoreOutput, test,
            new MahalanobisScorer(model).Score(test), 1e-6);
    }

    [Fact]
    public void TrainsThroughTheModelTrainerAndRecordsTheShrinkage()
    {
        var normal = Enumerable.Range(0, 4).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToList();
        var path = Path.Combine(NewTempDir(), "m.onnx");
        var info = new ModelTrainer(new MahalanobisDetectorTrainer(new MahalanobisOptions()),
            new TrainingOptions { Features = FeatureSettings.Create(MahalanobisOptions.RecommendedFeatureSet) }).Train(normal, path);
        Assert.Equal("Mahalanobis", info.Algorithm);
        var metadata = ModelMetadata.ReadFromModel(path)!;
        Assert.InRange(double.Parse(metadata.Training.Parameters["shrinkage"], System.Globalization.CultureInfo.InvariantCulture), 0, 1);
        Assert.Equal(info.ThresholdMethod, metadata.ThresholdMethod);
        using var model = AcousticAnomaly.Models.AnomalyModel.Load(path);
        Assert.Equal(info.Threshold, model.Threshold);
    }
}

/// <summary>Domain-aware scoring: one statistic per domain from the file names, scored by the nearest.</summary>
public sealed class MahalanobisDomainTests
{
    // Source clips spread widely; the few target clips sit elsewhere and vary little.
    private static (string, FeatureMatrix) Clip(string name, Random random, double centre, double spread, double shift = 0)
    {
        var data = Enumerable.Range(0, 3 * 4).Select(i => (float)(centre + spread * random.NextDouble() + (i % 4 == 1 ? shift : 0))).ToArray();
        return (name, new FeatureMatrix(data, 4));
    }

    [Fact]
    public void ATargetClipIsJudgedByTheTargetStatisticNotTheManySourceClips()
    {
        var random = new Random(5);
        var clips = Enumerable.Range(0, 8).Select(i => Clip($"section_00_source_train_normal_{i:0000}.wav", random, 0, 4))
            .Concat(Enumerable.Range(0, 3).Select(i => Clip($"section_00_target_train_normal_{i:0000}.wav", random, 20, 0.2))).ToList();
        var all = new FeatureMatrix(clips.SelectMany(c => c.Item2.Data).ToArray(), 4);
        var target = Clip("t.wav", random, 20, 0.2).Item2;
        var targetFault = Clip("f.wav", random, 20, 0.2, shift: 1.5).Item2;

        var plainTrainer = new MahalanobisDetectorTrainer(new MahalanobisOptions());
        var plain = plainTrainer.Train(clips, all, CancellationToken.None);
        var domainTrainer = new MahalanobisDetectorTrainer(new MahalanobisOptions(DomainPattern: "_(source|target)_"));
        var aware = domainTrainer.Train(clips, all, CancellationToken.None);

        Assert.Equal("source:8,target:3", domainTrainer.Parameters["domains"]);
        // A small fault in the target domain: lost in the pooled statistic's wide spread, clear against the target's own.
        double Separation(ITrainedDetector d) => d.Score(targetFault).Min() / d.Score(target).Max();
        Assert.True(Separation(aware) > 3 * Separation(plain), $"domain-aware {Separation(aware)} vs pooled {Separation(plain)}");
        Assert.True(aware.Score(targetFault).Min() > aware.Score(target).Max());

        var path = Path.Combine(NewTempDir(), "domains.onnx");
        aware.Export(path, new ModelMetadata { Algorithm = "Mahalanobis", ScoreKind = ScoreKind.Distance });
        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);
        using var session = OnnxSession.Open(path);
        var probe = new FeatureMatrix(target.Data.Concat(clips[0].Item2.Data).ToArray(), 4);
        var expected = aware.Score(probe);
        var actual = session.Run(MahalanobisOnnxExporter.InputName, OnnxTensor.FromFloat(probe.Data, probe.Rows, probe.Columns))[MahalanobisOnnxExporter.ScoreOutput].AsFloat();
        for (int r = 0; r < probe.Rows; r++) DetectorFixtures.AssertClose(expected[r], actual[r], 1e-5, $"row {r}");
    }

    [Fact]
    public void FileNamesThePatternDoesNotMatchFormTheOtherDomain()
    {
        var pattern = new System.Text.RegularExpressions.Regex("_(source|target)_");
        Assert.Equal("target", MahalanobisDetectorTrainer.DomainOf(pattern, "/d/section_00_target_test_normal_0001.wav"));
        Assert.Equal(MahalanobisDetectorTrainer.OtherDomain, MahalanobisDetectorTrainer.DomainOf(pattern, "/d/clip.wav"));
        Assert.Throws<ArgumentException>(() => new MahalanobisOptions(DomainPattern: "(").Validate());
    }
}
