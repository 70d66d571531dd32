using AcousticAnomaly.Features;
using AcousticAnomaly.Models.IsolationForest;
using Xunit;

namespace AcousticAnomaly.Tests.Models.IsolationForest;

/// <summary>Our scorer on scikit-learn's own fitted trees must reproduce sklearn's outputs.</summary>
public class IsolationForestScorerTests
{
    private static readonly IsolationForestFixture F = IsolationForestFixture.Instance;

    [Fact]
    public void ScoreSamplesMatchSklearnOnItsTrees()
    {
        var scorer = new IsolationForestScorer(F.SklearnModel());
        var expected = IsolationForestFixture.Doubles(F.Forest.GetProperty("score_samples_test"));
        var actual = scorer.ScoreSamples(F.Test);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6, $"row {i}: {actual[i]} vs {expected[i]}");

        var expectedTrain = IsolationForestFixture.Doubles(F.Forest.GetProperty("score_samples_train"));
        var actualTrain = scorer.ScoreSamples(F.Train);
        for (var i = 0; i < expectedTrain.Length; i++) Assert.True(Math.Abs(expectedTrain[i] - actualTrain[i]) <= 1e-6, $"train row {i}");
    }

    [Fact]
    public void DecisionFunctionAndPredictMatchSklearn()
    {
        var scorer = new IsolationForestScorer(F.SklearnModel());
        var expectedDecision = IsolationForestFixture.Doubles(F.Forest.GetProperty("decision_function_test"));
        var decision = scorer.DecisionFunction(F.Test);
        for (var i = 0; i < decision.Length; i++) Assert.True(Math.Abs(expectedDecision[i] - decision[i]) <= 1e-6, $"row {i}");
        Assert.Equal(IsolationForestFixture.Ints(F.Forest.GetProperty("predict_test")), scorer.Predict(F.Test));
        // The fixture must exercise both labels or the comparison proves little.
        Assert.Contains(-1, scorer.Predict(F.Test));
        Assert.Contains(1, scorer.Predict(F.Test));
    }

    [Fact]
    public void SingleVectorApiEqualsBatchAndSerialEqualsParallel()
    {
        var scorer = new IsolationForestScorer(F.SklearnModel());
        var batch = scorer.ScoreSamples(F.Test);
        var serial = scorer.ScoreSamples(F.Test, maxDegreeOfParallelism: 1);
        Assert.Equal(batch, serial);
        for (var r = 0; r < F.Test.Rows; r++)
        {
            Assert.Equal(batch[r], scorer.ScoreSample(F.Test.Row(r)));
            Assert.Equal(batch[r] - scorer.Offset, scorer.DecisionFunction(F.Test.Row(r)));
            Assert.Equal(scorer.DecisionFunction(F.Test.Row(r)) < 0 ? -1 : 1, scorer.Predict(F.Test.Row(r)));
        }
    }

    [Fact]
    public void ContaminationOffsetsEqualSklearnOnTheSameTrees()
    {
        var scorer = new IsolationForestScorer(F.SklearnModel());
        var trainScores = scorer.ScoreSamples(F.Train);
        foreach (var (key, c) in new[] { ("0.1", 0.1), ("0.25", 0.25) })
        {
            var entry = F.Root.GetProperty("contamination").GetProperty(key);
            var expectedOffset = entry.GetProperty("offset_").GetDouble();
            var offset = AcousticAnomaly.Models.Thresholds.NumpyPercentile.Compute(trainScores, 100.0 * c);
            Assert.True(Math.Abs(expectedOffset - offset) <= 1e-9, $"contamination {c}: {offset} vs {expectedOffset}");
            var withOffset = new IsolationForestScorer(scorer.Model with { Offset = offset });
            Assert.Equal(IsolationForestFixture.Ints(entry.GetProperty("predict_test")), withOffset.Predict(F.Test));
        }
    }

    [Fact]
    public void ImportedThresholdsAreRoundedDownSoBranchesMatch()
    {
        var tree = F.Forest.GetProperty("trees")[0];
        var thresholds = IsolationForestFixture.Doubles(tree.GetProperty("threshold"));
        var left = IsolationForestFixture.Ints(tree.GetProperty("children_left"));
        var imported = F.SklearnModel().Trees[0];
        for (var n = 0; n < thresholds.Length; n++)
        {
            if (left[n] < 0) { Assert.Equal(-1, imported.Feature[n]); continue; }
            var f = imported.Threshold[n];
            Assert.True(f <= thresholds[n], $"node {n}");
            Assert.True(MathF.BitIncrement(f) > thresholds[n], $"node {n} not the largest float below");
        }
    }

    [Fact]
    public void WrongWidthNaNAndInfinityAreRefused()
    {
        var scorer = new IsolationForestScorer(F.SklearnModel());
        var e = Assert.Throws<ArgumentException>(() => scorer.ScoreSample(new float[F.FeatureCount + 1]));
        Assert.Contains("expects 16", e.Message);
        var bad = (float[])F.Test.Data.Clone();
        bad[3 * F.FeatureCount + 5] = float.NaN;
        e = Assert.Throws<ArgumentException>(() => scorer.ScoreSamples(new FeatureMatrix(bad, F.Test.Rows, F.FeatureCount)));
        Assert.Contains("Row 3, column 5 is NaN", e.Message);
        var row = new float[F.FeatureCount];
        row[15] = float.PositiveInfinity;
        e = Assert.Throws<ArgumentException>(() => scorer.ScoreSample(row));
        Assert.Contains("infinite", e.Message);
    }

    [Fact]
    public void CorruptModelsAreRefusedWithTheTreeAndNode()
    {
        var model = F.SklearnModel();
        var t0 = model.Trees[0];
        IsolationForestModel WithTree0(IsolationTree tree) => model with { Trees = [tree, .. model.Trees.Skip(1)] };

        var cycle = t0 with { Left = (int[])t0.Left.Clone() };
        cycle.Left[1] = 0; // node 1 is internal in any tree of 256 samples; pointing back at the root would loop forever
        Assert.Contains("Tree 0, node 1", Assert.Throws<ArgumentException>(() => new IsolationForestScorer(WithTree0(cycle))).Message);

        var badFeature = t0 with { Feature = (int[])t0.Feature.Clone() };
        badFeature.Feature[0] = 16;
        Assert.Contains("feature 16 is outside", Assert.Throws<ArgumentException>(() => new IsolationForestScorer(WithTree0(badFeature))).Message);

        var badDepth = t0 with { Depth = (int[])t0.Depth.Clone() };
        badDepth.Depth[1] = 5;
        Assert.Contains("depth", Assert.Throws<ArgumentException>(() => new IsolationForestScorer(WithTree0(badDepth))).Message);

        var shortArrays = t0 with { NodeSamples = t0.NodeSamples[..^1] };
        Assert.Contains("must all have", Assert.Throws<ArgumentException>(() => new IsolationForestScorer(WithTree0(shortArrays))).Message);

        Assert.Contains("no trees", Assert.Throws<ArgumentException>(() => new IsolationForestScorer(model with { Trees = [] })).Message);
    }
}
