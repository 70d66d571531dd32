using AcousticAnomaly.Features;
using AcousticAnomaly.Models.OneClassSvm;
using Xunit;
using static AcousticAnomaly.Tests.Models.DetectorFixtures;

namespace AcousticAnomaly.Tests.Models.OneClassSvm;

/// <summary>
/// The one-class SVM against scikit-learn 1.2's OneClassSVM (libsvm) on the fixture of tests/reference/ocsvm_reference.py.
/// Both solvers stop at a KKT gap of 1e-3, so alphas and rho agree to about that, not to the last digit: decision
/// values must agree within 1e-3 x max(1, rho), predictions wherever sklearn's decision is farther than that from 0.
/// </summary>
public class OneClassSvmTrainerTests
{
    private static readonly System.Text.Json.JsonElement Reference = Load("ocsvm_reference.json");
    private static int D => Reference.GetProperty("D").GetInt32();
    private static FeatureMatrix X => Matrix(Reference.GetProperty("X"), D);
    private static FeatureMatrix XTest => Matrix(Reference.GetProperty("X_test"), D);

    public static TheoryData<string> Cases() => new(Reference.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    private static System.Text.Json.JsonElement Case(string name) =>
        Reference.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    private static OneClassSvmModel Train(System.Text.Json.JsonElement c) =>
        new OneClassSvmTrainer(new OneClassSvmOptions(
            Nu: c.GetProperty("nu").GetDouble(),
            Gamma: c.GetProperty("gamma_given").ValueKind == System.Text.Json.JsonValueKind.Null ? null : c.GetProperty("gamma_given").GetDouble())).Train(X);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_MatchesSklearn_GammaSupportVectorsCoefficientsRhoAndDecisions(string name)
    {
        var c = Case(name);
        var model = Train(c);
        AssertClose(c.GetProperty("gamma").GetDouble(), model.Gamma, 1e-12, "gamma");
        var rho = c.GetProperty("rho").GetDouble();
        var tolerance = 1e-3 * Math.Max(1, Math.Abs(rho));
        Assert.True(Math.Abs(rho - model.Rho) <= tolerance, $"rho: sklearn {rho}, ours {model.Rho}");

        // Support vectors: the same rows, except possibly a few whose alpha is within the tolerance of 0.
        var expectedSupport = Ints(c.GetProperty("support"));
        var expectedCoef = Doubles(c.GetProperty("dual_coef"));
        var ours = Enumerable.Range(0, model.SupportVectorCount).ToDictionary(
            s => Enumerable.Range(0, X.Rows).First(r => X.Row(r).SequenceEqual(model.SupportVectors.AsSpan(s * D, D))),
            s => model.Coefficients[s]);
        double coefDiff = 0;
        for (int i = 0; i < expectedSupport.Length; i++)
            coefDiff += Math.Abs(expectedCoef[i] - ours.GetValueOrDefault(expectedSupport[i]));
        coefDiff += ours.Where(kv => !expectedSupport.Contains(kv.Key)).Sum(kv => kv.Value);
        Assert.True(Math.Abs(expectedSupport.Length - ours.Count) <= Math.Max(2, expectedSupport.Length / 20),
            $"support vectors: sklearn {expectedSupport.Length}, ours {ours.Count}");
        Assert.True(coefDiff <= 0.05 * expectedCoef.Sum(), $"sum |alpha difference| {coefDiff} vs sum alpha {expectedCoef.Sum()}");
        Assert.Equal(expectedCoef.Sum(), model.Coefficients.Sum(), 1e-9); // the constraint sum alpha = nu l holds exactly

        var scorer = new OneClassSvmScorer(model);
        foreach (var (data, key) in new[] { (XTest, "test_decision"), (X, "train_decision") })
        {
            var expected = Doubles(c.GetProperty(key));
            var decision = scorer.DecisionFunction(data);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - decision[i]) <= tolerance, $"{key}[{i}]: sklearn {expected[i]}, ours {decision[i]}");
        }
        var predict = Ints(c.GetProperty("test_predict"));
        var testDecision = Doubles(c.GetProperty("test_decision"));
        var ourDecision = scorer.DecisionFunction(XTest);
        for (int i = 0; i < predict.Length; i++)
            if (Math.Abs(testDecision[i]) > tolerance) Assert.Equal(predict[i], ourDecision[i] < 0 ? -1 : 1);
        Assert.Contains(-1, predict); // the fixture has points on both sides
        Assert.Contains(1, predict);
    }

    [Fact]
    public void ScoreSamples_IsDecisionPlusRho()
    {
        var model = Train(Case("nu0.1_scale"));
        var scorer = new OneClassSvmScorer(model);
        var decision = scorer.DecisionFunction(XTest);
        var samples = scorer.ScoreSamples(XTest);
        for (int i = 0; i < decision.Length; i++) Assert.Equal(decision[i] + model.Rho, samples[i], 1e-12);
    }

    [Fact]
    public void Subsampling_KeepsOrder_IsSeeded_AndIndependentOfThreads()
    {
        var sub = OneClassSvmTrainer.Subsample(X, 50, seed: 3);
        Assert.Equal(50, sub.Rows);
        var rows = Enumerable.Range(0, sub.Rows).Select(r => Enumerable.Range(0, X.Rows).First(i => X.Row(i).SequenceEqual(sub.Row(r)))).ToArray();
        Assert.Equal(rows.Order(), rows);
        Assert.Equal(rows.Distinct().Count(), rows.Length);
        Assert.NotEqual(OneClassSvmTrainer.Subsample(X, 50, seed: 4).Data, sub.Data);

        var one = new OneClassSvmTrainer(new OneClassSvmOptions(MaxTrainingVectors: 120, Seed: 5, MaxDegreeOfParallelism: 1)).Train(X);
        var all = new OneClassSvmTrainer(new OneClassSvmOptions(MaxTrainingVectors: 120, Seed: 5)).Train(X);
        Assert.Equal(120, one.TrainingVectors);
        Assert.Equal(one.SupportVectors, all.SupportVectors);
        Assert.Equal(one.Coefficients, all.Coefficients);
        Assert.Equal(one.Rho, all.Rho);
    }

    [Fact]
    public void TinyKernelCache_GivesTheSameModel()
    {
        // 1 MB holds ~870 columns of 300 floats - still all of them; force eviction with a 300-row budget of 2 columns.
        var c = Case("nu0.3_gamma0.02");
        var full = Train(c);
        var parallel = new ParallelOptions();
        var cache = new OneClassSvmKernelCache(X, 0.02, budgetBytes: 1, parallel);
        var result = OneClassSvmSolver.Solve(X.Rows, 0.3, cache.Column, 1e-3, CancellationToken.None);
        Assert.True(cache.ComputedColumns > X.Rows, $"only {cache.ComputedColumns} columns computed: nothing was evicted");
        Assert.Equal(full.Rho, result.Rho);
        Assert.Equal(full.Coefficients, result.Alpha.Where(a => a > 0));
    }

    [Fact]
    public void BadInput_Throws_NamingTheProblem()
    {
        Assert.Throws<ArgumentException>(() => new OneClassSvmTrainer(new OneClassSvmOptions(Nu: 0)));
        Assert.Throws<ArgumentException>(() => new OneClassSvmTrainer(new OneClassSvmOptions(Nu: 1.5)));
        Assert.Throws<ArgumentException>(() => new OneClassSvmTrainer(new OneClassSvmOptions(Gamma: -1)));
        var e = Assert.Throws<ArgumentException>(() => new OneClassSvmTrainer().Train(new FeatureMatrix([1f, 2f], 2)));
        Assert.Contains("at least 2 vectors", e.Message);
        e = Assert.Throws<ArgumentException>(() => new OneClassSvmTrainer().Train(new FeatureMatrix([1f, float.PositiveInfinity, 3f, 4f], 2)));
        Assert.Contains("infinite", e.Message);
    }

    [Fact]
    public void ConstantData_GetsGammaOne_AndTrains()
    {
        var model = new OneClassSvmTrainer().Train(new FeatureMatrix(Enumerable.Repeat(2f, 40).ToArray(), 4));
        Assert.Equal(1.0, model.Gamma);
        var decision = new OneClassSvmScorer(model).DecisionFunction(new FeatureMatrix([2f, 2f, 2f, 2f], 4));
        Assert.True(double.IsFinite(decision[0]));
    }

    [Fact]
    public void Training_ReportsSmoPassesEndingAtOneHundredPercent()
    {
        var reports = new List<AcousticAnomaly.Models.TrainingIteration>();
        var model = new OneClassSvmTrainer(new OneClassSvmOptions(Nu: 0.1)).Train(X, default, new Recorder(reports.Add));

        Assert.NotEmpty(reports);
        for (int i = 1; i < reports.Count; i++) Assert.True(reports[i].Completed >= reports[i - 1].Completed, "the percentage never goes back");
        var last = reports[^1];
        Assert.Equal((100, 100), (last.Completed, last.Total));
        Assert.Contains($"({model.Iterations} steps)", last.Unit);
        Assert.True(last.Loss > 0, "the dual objective 1/2 a^T Q a of an RBF kernel is positive");
    }

    // Progress<T> posts to the thread pool; the solver's reports must be seen in order.
    private sealed class Recorder(Action<AcousticAnomaly.Models.TrainingIteration> add) : IProgress<AcousticAnomaly.Models.TrainingIteration>
    {
        public void Report(AcousticAnomaly.Models.TrainingIteration value) => add(value);
    }
}
