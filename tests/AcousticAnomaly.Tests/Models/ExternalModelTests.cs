using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Tests.Onnx;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>Models made elsewhere: a skl2onnx-shaped Isolation Forest and a PyTorch-style autoencoder (tests/reference/make_onnx_models.py).</summary>
public sealed class ExternalModelTests
{
    [Fact]
    public void ASklearnForestScoresAsNegatedDecisionWithThresholdZero()
    {
        var expected = OnnxTestSupport.Expected().GetProperty("iforest");
        int features = expected.GetProperty("features").GetInt32();
        // The fixture has 4 inputs; MfccStats with 2 coefficients gives 4 values, so the settings fit its input.
        var settings = new FeatureSettings { FeatureSet = FeatureSet.MfccStats, MfccCount = features / 2 };
        using var model = AnomalyModel.Load(OnnxTestSupport.Fixture("sklearn_iforest.onnx"), new ModelOverrides(settings));

        Assert.Null(model.Metadata);
        Assert.Equal("External", model.Algorithm);
        Assert.Equal(ScoreKind.NegatedDecision, model.ScoreKind);
        Assert.Equal(0.0, model.Threshold);
        var x = OnnxTestSupport.Floats(expected.GetProperty("x"));
        var scores = model.ScoreVectors(new FeatureMatrix(x, features));
        var decision = OnnxTestSupport.Doubles(expected.GetProperty("scores"));
        for (int i = 0; i < decision.Length; i++) Assert.Equal(-decision[i], scores[i], 5);
    }

    [Fact]
    public void AnAutoencoderWithoutScoresIsScoredByReconstructionError()
    {
        var expected = OnnxTestSupport.Expected().GetProperty("autoencoder");
        int features = expected.GetProperty("features").GetInt32();
        var settings = new FeatureSettings { FeatureSet = FeatureSet.MfccStats, MfccCount = features / 2 };
        using var model = AnomalyModel.Load(OnnxTestSupport.Fixture("torch_autoencoder.onnx"), new ModelOverrides(settings, Threshold: 0.5));

        Assert.Equal(ScoreKind.Reconstruction, model.ScoreKind);
        var x = OnnxTestSupport.Floats(expected.GetProperty("x"));
        var y = OnnxTestSupport.Floats(expected.GetProperty("output"));
        var scores = model.ScoreVectors(new FeatureMatrix(x, features));
        for (int r = 0; r < scores.Length; r++)
        {
            double mse = 0;
            for (int c = 0; c < features; c++) mse += Math.Pow(x[r * features + c] - y[r * features + c], 2);
            Assert.Equal(mse / features, scores[r], 5);
        }
    }

    [Fact]
    public void AnInputSizeTheFeaturesCannotFeedIsAClearError()
    {
        var e = Assert.Throws<OnnxModelException>(() => AnomalyModel.Load(OnnxTestSupport.Fixture("sklearn_iforest.onnx")));
        Assert.Contains("sklearn_iforest.onnx", e.Message);
        Assert.Contains("expects 4 values per vector", e.Message);
        Assert.Contains("produce 640", e.Message);
    }

    [Fact]
    public void AnAutoencoderNeedsAThresholdToPredict()
    {
        var features = OnnxTestSupport.Expected().GetProperty("autoencoder").GetProperty("features").GetInt32();
        using var model = AnomalyModel.Load(OnnxTestSupport.Fixture("torch_autoencoder.onnx"),
            new ModelOverrides(new FeatureSettings { FeatureSet = FeatureSet.MfccStats, MfccCount = features / 2 }));
        var e = Assert.Throws<OnnxModelException>(() => new Predictor(model));
        Assert.Contains("no stored threshold", e.Message);
    }
}
