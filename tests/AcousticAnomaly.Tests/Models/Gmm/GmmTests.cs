using System.Text.Json;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Gmm;
using AcousticAnomaly.Training;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models.Gmm;

/// <summary>The Gaussian mixture against scikit-learn's GaussianMixture (tests/reference/gmm_reference.py), its ONNX
/// graph in ONNX Runtime against the C# scorer, and TWFR pooling against numpy.</summary>
public sealed class GmmTests
{
    private static readonly JsonElement Reference = DetectorFixtures.Load("gmm_reference.json");
    private static readonly int D = Reference.GetProperty("D").GetInt32();
    private static readonly FeatureMatrix X = DetectorFixtures.Matrix(Reference.GetProperty("X"), D);
    private static readonly FeatureMatrix XTest = DetectorFixtures.Matrix(Reference.GetProperty("X_test"), D);

    // One restart: scikit-learn's GaussianMixture fits once.
    private static GmmTrainer Trainer(int maxComponents = 4, int restarts = 1) => new(new GmmOptions(MaxComponents: maxComponents,
        RegCovar: Reference.GetProperty("reg_covar").GetDouble(), Tolerance: Reference.GetProperty("tol").GetDouble(),
        MaxIterations: Reference.GetProperty("max_iter").GetInt32(), Restarts: restarts));

    public static TheoryData<int> Fits() => new() { 0, 1, 2 };

    [Theory]
    [MemberData(nameof(Fits))]
    public void EmFromTheSameStartMatchesScikitLearn(int index)
    {
        var f = Reference.GetProperty("fits")[index];
        var model = Trainer().Fit(X, DetectorFixtures.Ints(f.GetProperty("labels")));

        Assert.Equal(f.GetProperty("n_iter").GetInt32(), model.Iterations);
        foreach (var (name, actual) in new[] { ("weights", model.Weights), ("means", model.Means), ("variances", model.Variances) })
        {
            var expected = DetectorFixtures.Doubles(f.GetProperty(name));
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) DetectorFixtures.AssertClose(expected[i], actual[i], 1e-7, $"{name}[{i}]");
        }
        DetectorFixtures.AssertClose(f.GetProperty("lower_bound").GetDouble(), model.MeanLogLikelihood, 1e-9, "lower bound");
        DetectorFixtures.AssertClose(f.GetProperty("bic").GetDouble(), model.Bic, 1e-9, "BIC");
        var expectedScores = DetectorFixtures.Doubles(f.GetProperty("score_samples"));
        var logLikelihood = new GmmScorer(model).LogLikelihood(XTest);
        for (int r = 0; r < expectedScores.Length; r++) DetectorFixtures.AssertClose(expectedScores[r], logLikelihood[r], 1e-9, $"score_samples[{r}]");
    }

    [Fact]
    public void TheComponentCountIsTheOneWithTheLowestBic()
    {
        // scikit-learn's BIC on these two blobs: k=1 2134, k=2 1493, k=3 1519.
        var model = Trainer(maxComponents: 3).Train(X);
        Assert.Equal(2, model.ComponentCount);
        Assert.Equal(1, new GmmTrainer(new GmmOptions(Components: 1)).Train(X).ComponentCount);
    }

    [Fact]
    public void RestartsAreAveragedIntoOneMixtureWhoseDensityIsTheirMean()
    {
        var trainer = Trainer(maxComponents: 3, restarts: 3);
        var fits = trainer.TrainRestarts(X);
        Assert.Equal(3, fits.Count);
        // Restart 0 is the single fit; the others start k-means from other seeds.
        var single = Trainer(maxComponents: 3).Train(X);
        Assert.Equal(single.Means, fits[0].Means);
        Assert.Equal(new[] { 0, 1_000_003, 2_000_006 }, Enumerable.Range(0, 3).Select(trainer.RestartSeed));

        var combined = GmmTrainer.Combine(fits, X);
        Assert.Equal(fits.Sum(f => f.ComponentCount), combined.ComponentCount);
        DetectorFixtures.AssertClose(1, combined.Weights.Sum(), 1e-12, "weights sum");
        var perFit = fits.Select(f => new GmmScorer(f).LogLikelihood(XTest)).ToList();
        var mixed = new GmmScorer(combined).LogLikelihood(XTest);
        for (int r = 0; r < XTest.Rows; r++)
        {
            double mean = perFit.Average(l => Math.Exp(l[r]));
            DetectorFixtures.AssertClose(Math.Log(mean), mixed[r], 1e-9, $"row {r}");
        }
        Assert.Equal(combined.Means, trainer.Train(X).Means);
    }

    [Fact]
    public void OneComponentNeedsNoRestartsAndRestartsBelowOneAreRefused()
    {
        Assert.Single(new GmmTrainer(new GmmOptions(Components: 1, Restarts: 5)).TrainRestarts(X));
        Assert.Throws<ArgumentException>(() => new GmmTrainer(new GmmOptions(Restarts: 0)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)] // the restarts' components together in one graph
    public void OnnxGraphPassesTheCheckerAndOnnxRuntimeGivesTheScorersScores(int restarts)
    {
        var model = Trainer(restarts: restarts).Train(X);
        var path = Path.Combine(NewTempDir(), "gmm.onnx");
        GmmOnnxExporter.Export(model, path, new ModelMetadata { Algorithm = "Gmm", ScoreKind = ScoreKind.Distance });
        DetectorFixtures.AssertGraphScoresAsScorer(path, GmmOnnxExporter.InputName, GmmOnnxExporter.ScoreOutput, XTest,
            new GmmScorer(model).Score(XTest), 1e-6);
    }

    [Fact]
    public void TwfrPoolingMatchesNumpy()
    {
        var twfr = Reference.GetProperty("twfr");
        int frames = twfr.GetProperty("frames").GetInt32(), bands = twfr.GetProperty("bands").GetInt32();
        var logMel = DetectorFixtures.Matrix(twfr.GetProperty("log_mel"), bands);
        foreach (var p in twfr.GetProperty("pooled").EnumerateObject())
        {
            var pooled = TwfrPooling.Pool(logMel.Data, frames, bands, double.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture));
            var expected = DetectorFixtures.Doubles(p.Value);
            for (int b = 0; b < bands; b++) DetectorFixtures.AssertClose(expected[b], pooled.Data[b], 1e-6, $"r={p.Name} band {b}");
        }
    }

    [Fact]
    public void TrainsOnValveClipsWithTwfrAndScoresThroughTheModelFile()
    {
        var dir = NewTempDir();
        var normal = Enumerable.Range(0, 4).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToList();
        var path = Path.Combine(dir, "gmm.onnx");
        var features = FeatureSettings.Create(GmmOptions.RecommendedFeatureSet);
        var info = new ModelTrainer(new GmmDetectorTrainer(new GmmOptions()), new TrainingOptions { Features = features }).Train(normal, path);

        Assert.Equal("Gmm", info.Algorithm);
        Assert.Equal(FeatureSet.LogMelTwfr, info.FeatureSet);
        var metadata = ModelMetadata.ReadFromModel(path)!;
        Assert.Equal(info.ThresholdMethod, metadata.ThresholdMethod);
        // Five restarts by default, each choosing 1-4 components by BIC; the stored mixture holds them all.
        Assert.Equal("5", metadata.Training.Parameters["restarts"]);
        var perRestart = metadata.Training.Parameters["restart_components"].Split(',').Select(int.Parse).ToList();
        Assert.Equal(5, perRestart.Count);
        Assert.All(perRestart, k => Assert.InRange(k, 1, 4));
        Assert.Equal(perRestart.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), metadata.Training.Parameters["components"]);
        using var model = AnomalyModel.Load(path);
        var predictor = new Predictor(model);
        var normalScores = normal.Select(f => predictor.Predict(f).Single().Score).ToList();
        var anomalous = Enumerable.Range(0, 2).Select(i => predictor.Predict(TestPaths.Fixture("detectors", $"valve_anomaly_{i}.flac")).Single()).ToList();
        Assert.All(anomalous, r => Assert.Equal(r.Score > r.Threshold, r.IsAnomaly));
        Assert.True(normalScores.All(double.IsFinite));
    }
}
