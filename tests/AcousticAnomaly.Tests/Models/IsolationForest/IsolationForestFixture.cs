using AcousticAnomaly.Features;
using System.IO.Compression;
using System.Text.Json;
using AcousticAnomaly.Models.IsolationForest;

namespace AcousticAnomaly.Tests.Models.IsolationForest;

/// <summary>Loads fixtures/forest/sklearn_iforest.json.gz, written by tests/reference/iforest_reference.py.</summary>
internal sealed class IsolationForestFixture
{
    private static readonly Lazy<IsolationForestFixture> Shared = new(() => new IsolationForestFixture());

    public static IsolationForestFixture Instance => Shared.Value;

    public JsonElement Root { get; }

    public int FeatureCount { get; }

    public FeatureMatrix Train { get; }

    public FeatureMatrix Test { get; }

    public int[] TestOutlier { get; }

    public JsonElement Forest => Root.GetProperty("forest");

    private IsolationForestFixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "forest", "sklearn_iforest.json.gz");
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        Root = JsonDocument.Parse(gzip).RootElement.Clone();
        FeatureCount = Root.GetProperty("n_features").GetInt32();
        Train = Matrix(Root.GetProperty("train"), FeatureCount);
        Test = Matrix(Root.GetProperty("test"), FeatureCount);
        TestOutlier = Ints(Root.GetProperty("test_outlier"));
    }

    /// <summary>The sklearn forest (random_state=0) imported into our contract, with sklearn's max_samples_ and offset_.</summary>
    public IsolationForestModel SklearnModel()
    {
        var trees = Forest.GetProperty("trees").EnumerateArray().Select(t => IsolationForestSklearnImport.TreeFromArrays(
            Ints(t.GetProperty("children_left")), Ints(t.GetProperty("children_right")), Ints(t.GetProperty("feature")),
            Doubles(t.GetProperty("threshold")), Ints(t.GetProperty("n_node_samples")))).ToList();
        return new IsolationForestModel(trees, Forest.GetProperty("max_samples_").GetInt32(), FeatureCount,
            Forest.GetProperty("offset_").GetDouble());
    }

    public static FeatureMatrix Matrix(JsonElement values, int columns)
    {
        var data = values.EnumerateArray().Select(v => v.GetSingle()).ToArray();
        return new FeatureMatrix(data, data.Length / columns, columns);
    }

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>ROC AUC with outliers as positives and lower score = more abnormal (ties count half).</summary>
    public static double Auc(double[] scores, int[] outlier)
    {
        double wins = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (outlier[i] != 1) continue;
            for (var j = 0; j < scores.Length; j++)
            {
                if (outlier[j] != 0) continue;
                pairs++;
                if (scores[i] < scores[j]) wins += 1;
                else if (scores[i] == scores[j]) wins += 0.5;
            }
        }
        return wins / pairs;
    }
}
