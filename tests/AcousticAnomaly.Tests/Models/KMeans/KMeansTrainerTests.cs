using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;
using AcousticAnomaly.Models.KMeans;
using Xunit;
using static AcousticAnomaly.Tests.Models.DetectorFixtures;

namespace AcousticAnomaly.Tests.Models.KMeans;

/// <summary>
/// k-means against scikit-learn 1.2 (tests/reference/kmeans_reference.py): Lloyd iterations from the same initial
/// centres give the same centres, labels, inertia and iteration count; standardisation matches StandardScaler; and
/// k-means++ + Lloyd reaches sklearn's optimum on well-separated blobs.
/// </summary>
public class KMeansTrainerTests
{
    private static readonly System.Text.Json.JsonElement Reference = Load("kmeans_reference.json");
    private static int D => Reference.GetProperty("D").GetInt32();
    private static FeatureMatrix X => Matrix(Reference.GetProperty("X"), D);

    [Fact]
    public void Standardization_MatchesStandardScalerMeanAndScale()
    {
        var (mean, scale) = ColumnScaling.MeanAndScale(X);
        Assert.Equal(Doubles(Reference.GetProperty("mean")).Select(v => (float)v), mean);
        Assert.Equal(Doubles(Reference.GetProperty("scale")).Select(v => (float)v), scale);
    }

    public static TheoryData<string> Cases() => new(Reference.GetProperty("lloyd").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lloyd_FromSklearnsInitialCentres_GivesSklearnsCentresLabelsInertiaAndIterations(string name)
    {
        var c = Reference.GetProperty("lloyd").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var standardize = c.GetProperty("standardize").GetBoolean();
        var data = X;
        float[]? mean = null, scale = null;
        if (standardize)
        {
            (mean, scale) = ColumnScaling.MeanAndScale(data);
            data = ColumnScaling.Standardized(data, mean, scale);
        }
        var initRows = Ints(c.GetProperty("init_rows"));
        var init = initRows.SelectMany(r => data.Row(r).ToArray().Select(v => (double)v)).ToArray();
        var trainer = new KMeansTrainer(new KMeansOptions(ClusterCount: initRows.Length));
        var tol = c.GetProperty("tol").GetDouble() * KMeansTrainer.MeanColumnVariance(data);

        var result = trainer.Lloyd(data, init, c.GetProperty("max_iter").GetInt32(), tol, CancellationToken.None);

        Assert.Equal(c.GetProperty("n_iter").GetInt32(), result.Iterations);
        Assert.Equal(Ints(c.GetProperty("labels")), result.Labels);
        AssertClose(c.GetProperty("inertia").GetDouble(), result.Inertia, 1e-9, "inertia");
        var expectedCenters = Doubles(c.GetProperty("centers"));
        for (int i = 0; i < expectedCenters.Length; i++) AssertClose(expectedCenters[i], result.Centers[i], 1e-9, $"centre value {i}");

        // transform(): the scorer's nearest distance for unseen points, with centres rounded to float as stored.
        var model = new KMeansModel(Array.ConvertAll(result.Centers, v => (float)v), D, mean, scale, result.Inertia, result.Iterations);
        var (distance, _) = new KMeansScorer(model).Score(Matrix(Reference.GetProperty("X_test"), D));
        var expectedNearest = Doubles(c.GetProperty("test_nearest"));
        for (int i = 0; i < distance.Length; i++) AssertClose(expectedNearest[i], distance[i], 1e-5, $"test point {i} distance");
    }

    [Fact]
    public void KMeansPlusPlus_ThenLloyd_ReachesSklearnsOptimumOnSeparatedBlobs_ForEverySeed()
    {
        var blobs = Reference.GetProperty("blobs");
        var x = Matrix(blobs.GetProperty("X"), blobs.GetProperty("D").GetInt32());
        var expected = blobs.GetProperty("inertia").GetDouble();
        for (int seed = 0; seed < 20; seed++)
        {
            var model = new KMeansTrainer(new KMeansOptions(ClusterCount: 4, Standardize: false, Seed: seed)).Train(x);
            AssertClose(expected, model.Inertia, 1e-6, $"seed {seed} inertia");
        }
    }

    [Fact]
    public void KMeansPlusPlus_SpreadsInitialCentresOverTheBlobs()
    {
        // k-means++ draws each new centre with probability proportional to squared distance: with blobs 30 sigma apart,
        // two centres in one blob has negligible probability, so every seed must start with one centre per blob.
        var blobs = Reference.GetProperty("blobs");
        var x = Matrix(blobs.GetProperty("X"), blobs.GetProperty("D").GetInt32());
        var trainer = new KMeansTrainer(new KMeansOptions(ClusterCount: 4, Standardize: false));
        for (int seed = 0; seed < 20; seed++)
        {
            var rng = new SeededRandom(seed, 0);
            var centres = trainer.PlusPlus(x, 4, ref rng, CancellationToken.None);
            // Rows are 50 per blob in order; find each centre's row and so its blob.
            var blobOf = Enumerable.Range(0, 4).Select(c =>
                Enumerable.Range(0, x.Rows).First(r => x.Row(r).ToArray().Select(v => (double)v).SequenceEqual(centres.Skip(c * x.Columns).Take(x.Columns))) / 50).ToArray();
            Assert.Equal(4, blobOf.Distinct().Count());
        }
    }

    [Fact]
    public void Training_IsReproducible_AndIndependentOfThreadCount()
    {
        var one = new KMeansTrainer(new KMeansOptions(ClusterCount: 6, InitCount: 3, Seed: 7, MaxDegreeOfParallelism: 1)).Train(X);
        var all = new KMeansTrainer(new KMeansOptions(ClusterCount: 6, InitCount: 3, Seed: 7, MaxDegreeOfParallelism: -1)).Train(X);
        var other = new KMeansTrainer(new KMeansOptions(ClusterCount: 6, InitCount: 3, Seed: 8)).Train(X);
        Assert.Equal(one.Centers, all.Centers);
        Assert.Equal(one.Inertia, all.Inertia);
        Assert.NotEqual(one.Centers, other.Centers);
    }

    [Fact]
    public void MoreRestarts_NeverIncreaseInertia()
    {
        var single = new KMeansTrainer(new KMeansOptions(ClusterCount: 8, InitCount: 1, Seed: 3)).Train(X);
        var five = new KMeansTrainer(new KMeansOptions(ClusterCount: 8, InitCount: 5, Seed: 3)).Train(X);
        // Run 0 of both uses the same stream, so the best of five is at most run 0's inertia.
        Assert.True(five.Inertia <= single.Inertia, $"{five.Inertia} > {single.Inertia}");
    }

    [Fact]
    public void SingleCentre_IsTheMean_AndScoresDistanceToIt()
    {
        var model = new KMeansTrainer(new KMeansOptions(ClusterCount: 1)).Train(X);
        // Standardised data has mean ~0: the one centre is at the origin of the standardised space.
        Assert.All(model.Centers, v => Assert.True(Math.Abs(v) < 1e-5, $"centre value {v}"));
        var (distance, label) = new KMeansScorer(model).Score(X);
        Assert.All(label, l => Assert.Equal(0, l));
        var z = ColumnScaling.Standardized(X, model.Mean!, model.Scale!);
        for (int r = 0; r < 5; r++)
            AssertClose(Math.Sqrt(z.Row(r).ToArray().Sum(v => (double)v * v)), distance[r], 1e-5, $"row {r}");
    }

    [Fact]
    public void BadInput_Throws_NamingTheProblem()
    {
        var few = new FeatureMatrix([1f, 2f, 3f, 4f], 2);
        var e = Assert.Throws<ArgumentException>(() => new KMeansTrainer(new KMeansOptions(ClusterCount: 3)).Train(few));
        Assert.Contains("at least 3 vectors", e.Message);
        var nan = new FeatureMatrix([1f, 2f, float.NaN, 4f], 2);
        e = Assert.Throws<ArgumentException>(() => new KMeansTrainer(new KMeansOptions(ClusterCount: 1)).Train(nan));
        Assert.Contains("Row 1, column 0 is NaN", e.Message);
        Assert.Throws<ArgumentException>(() => new KMeansTrainer(new KMeansOptions(ClusterCount: 0)));
        Assert.Throws<ArgumentException>(() => new KMeansTrainer(new KMeansOptions(Tolerance: double.NaN)));
    }

    [Fact]
    public void ConstantFeature_KeepsScaleOne_AndTrainingSucceeds()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new[] { i % 7 * 1f, 5f, i % 3 * 2f }).ToArray();
        var model = new KMeansTrainer(new KMeansOptions(ClusterCount: 3)).Train(FeatureMatrix.FromRows(rows));
        Assert.Equal(1f, model.Scale![1]);
        Assert.Equal(5f, model.Mean![1]);
    }
}
