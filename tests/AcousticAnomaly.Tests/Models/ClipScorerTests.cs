using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Tests.Onnx;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>The live watcher's scorer: ScoreClip's exact values through tensors bound once, allocating nothing after.</summary>
public sealed class ClipScorerTests(TrainedSampleModel trained) : IClassFixture<TrainedSampleModel>
{
    [Fact]
    public void OurForestScoresEveryClipExactlyAsScoreClipAndRebindsOnANewShape()
    {
        using var model = AnomalyModel.Load(trained.Path);
        var extractor = new FeatureExtractor(model.FeatureSettings, maxDegreeOfParallelism: 1);
        using var scorer = model.CreateClipScorer();
        var rng = new Random(7);
        // 1.5 s windows, then a 1 s one (fewer vectors: a new binding), then 1.5 s again.
        foreach (int samples in new[] { 24000, 24000, 24000, 16000, 16000, 24000 })
        {
            var audio = Enumerable.Range(0, samples).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.2f).ToArray();
            var vectors = extractor.Extract(audio);
            Assert.Equal(model.ScoreClip(vectors), scorer.Score(vectors));
        }
    }

    [Fact]
    public void AReconstructionModelScoresExactlyAsScoreClip()
    {
        var expected = OnnxTestSupport.Expected().GetProperty("autoencoder");
        int features = expected.GetProperty("features").GetInt32();
        var settings = new FeatureSettings { FeatureSet = FeatureSet.MfccStats, MfccCount = features / 2 };
        using var model = AnomalyModel.Load(OnnxTestSupport.Fixture("torch_autoencoder.onnx"), new ModelOverrides(settings, Threshold: 0.5));
        Assert.Equal(ScoreKind.Reconstruction, model.ScoreKind);
        var x = OnnxTestSupport.Floats(expected.GetProperty("x"));
        using var scorer = model.CreateClipScorer();
        for (int i = 0; i < 3; i++)
        {
            var vectors = new FeatureMatrix(x.Select(v => v * (1 + i)).ToArray(), features);
            Assert.Equal(model.ScoreClip(vectors), scorer.Score(vectors));
        }
    }

    [Fact]
    public void OnceBoundAScoreAllocatesNothingManaged()
    {
        using var model = AnomalyModel.Load(trained.Path);
        var extractor = new FeatureExtractor(model.FeatureSettings, maxDegreeOfParallelism: 1);
        var audio = Enumerable.Range(0, 32000).Select(i => (float)Math.Sin(i * 0.05) * 0.1f).ToArray();
        var vectors = extractor.Extract(audio);
        using var scorer = model.CreateClipScorer();
        double first = scorer.Score(vectors); // binds
        scorer.Score(vectors);                // first run on the bound tensors
        long before = GC.GetAllocatedBytesForCurrentThread();
        double again = 0;
        for (int i = 0; i < 5; i++) again = scorer.Score(vectors);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(first, again);
    }
}
