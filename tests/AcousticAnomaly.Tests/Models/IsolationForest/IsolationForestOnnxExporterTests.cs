using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Tests.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models.IsolationForest;

/// <summary>
/// The exported forest must pass the official onnx checker and, run in ONNX Runtime, reproduce scikit-learn's formulas
/// as evaluated directly by the recursive reference below.
/// </summary>
public class IsolationForestOnnxExporterTests
{
    // ---- reference: scikit-learn's scoring, straight from the formulas, in double precision ----

    private static double C(int n) => n <= 1 ? 0 : n == 2 ? 1 : 2 * (Math.Log(n - 1) + 0.5772156649015329) - 2.0 * (n - 1) / n;

    private static double PathLength(IsolationTree t, float[] x, int node = 0) =>
        t.IsLeaf(node) ? t.Depth[node] + C(t.NodeSamples[node])
        : PathLength(t, x, x[t.Feature[node]] <= t.Threshold[node] ? t.Left[node] : t.Right[node]);

    private static double Decision(IsolationForestModel m, float[] x)
    {
        var mean = m.Trees.Average(t => PathLength(t, x));
        return -Math.Pow(2, -mean / C(m.MaxSamples)) - m.Offset;
    }

    // ---- forests ----

    /// <summary>Two hand-written trees: one with leaves of 1, 2 and 5 samples, and a single-leaf tree.</summary>
    private static IsolationForestModel HandForest(double offset = -0.5)
    {
        //        0: x1 <= 0.5
        //      /            \
        //  1: leaf(n=1)   2: x0 <= -1
        //                  /        \
        //            3: leaf(n=2)  4: leaf(n=5)
        var t1 = new IsolationTree(
            Left: [1, -1, 3, -1, -1], Right: [2, -1, 4, -1, -1], Feature: [1, -1, 0, -1, -1],
            Threshold: [0.5f, 0, -1f, 0, 0], NodeSamples: [8, 1, 7, 2, 5], Depth: [0, 1, 1, 2, 2]);
        var t2 = new IsolationTree([-1], [-1], [-1], [0f], [8], [0]);
        return new IsolationForestModel([t1, t2], MaxSamples: 8, FeatureCount: 2, Offset: offset);
    }

    /// <summary>A forest grown like sklearn's (random feature, uniform threshold in the node's range, depth limit).</summary>
    private static IsolationForestModel RandomForest(int seed, int trees, int maxSamples, int features)
    {
        var rng = new Random(seed);
        var list = new List<IsolationTree>();
        var maxDepth = (int)Math.Ceiling(Math.Log2(Math.Max(maxSamples, 2)));
        for (var t = 0; t < trees; t++)
        {
            var data = Enumerable.Range(0, maxSamples).Select(_ => Enumerable.Range(0, features).Select(_ => (float)rng.NextDouble() * 10 - 5).ToArray()).ToArray();
            var left = new List<int>(); var right = new List<int>(); var feat = new List<int>(); var thr = new List<float>(); var ns = new List<int>(); var dep = new List<int>();
            int Grow(int[] idx, int depth)
            {
                var id = left.Count;
                left.Add(-1); right.Add(-1); feat.Add(-1); thr.Add(0); ns.Add(idx.Length); dep.Add(depth);
                if (depth >= maxDepth || idx.Length <= 1) return id;
                var f = rng.Next(features);
                var min = idx.Min(i => data[i][f]); var max = idx.Max(i => data[i][f]);
                if (min == max) return id;
                var th = (float)(min + rng.NextDouble() * (max - min));
                if (th >= max) th = min;
                var l = idx.Where(i => data[i][f] <= th).ToArray();
                var r = idx.Where(i => data[i][f] > th).ToArray();
                feat[id] = f; thr[id] = th;
                var li = Grow(l, depth + 1);
                var ri = Grow(r, depth + 1);
                left[id] = li; right[id] = ri;
                return id;
            }
            Grow(Enumerable.Range(0, maxSamples).ToArray(), 0);
            list.Add(new IsolationTree(left.ToArray(), right.ToArray(), feat.ToArray(), thr.ToArray(), ns.ToArray(), dep.ToArray()));
        }
        return new IsolationForestModel(list, maxSamples, features, -0.5);
    }

    private static (long[] Labels, float[] Scores) RunOrt(string path, float[][] rows)
    {
        using var s = OnnxSession.Open(path);
        var r = s.Run(IsolationForestOnnxExporter.InputName, OnnxTensor.FromRows(rows));
        Assert.Equal(new long[] { rows.Length, 1 }, r[IsolationForestOnnxExporter.ScoresOutput].Shape);
        Assert.Equal(new long[] { rows.Length, 1 }, r[IsolationForestOnnxExporter.LabelOutput].Shape);
        return (r[IsolationForestOnnxExporter.LabelOutput].AsInt64(), r[IsolationForestOnnxExporter.ScoresOutput].AsFloat());
    }

    private static void AssertMatchesReference(IsolationForestModel model, float[][] rows, long[] labels, float[] scores)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            var expected = Decision(model, rows[i]);
            Assert.True(Math.Abs(expected - scores[i]) < 1e-5, $"row {i}: reference {expected}, ORT {scores[i]}");
            // At |decision| below float resolution the label may legitimately differ; the inputs avoid that band.
            if (Math.Abs(expected) > 1e-5) Assert.Equal(expected < 0 ? -1L : 1L, labels[i]);
        }
    }

    [Fact]
    public void HandForest_PassesCheckerAndMatchesReference_IncludingTiesAtThresholds()
    {
        var model = HandForest();
        var path = Path.Combine(NewTempDir(), "hand.onnx");
        IsolationForestOnnxExporter.Export(model, path);

        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);

        // x1 == 0.5 and x0 == -1 sit exactly on thresholds: x <= threshold must go left.
        float[][] rows = [[0f, 0f], [0f, 0.5f], [0f, 0.5000001f], [-1f, 3f], [-0.9999999f, 3f], [5f, 5f], [-5f, -5f]];
        var (labels, scores) = RunOrt(path, rows);
        AssertMatchesReference(model, rows, labels, scores);
        // Hand-computed for row 0 (leaf depth 1, n = 1 -> 1; single-leaf tree: 0 + c(8)): decision = -2^(-(1 + c(8)) / 2 / c(8)) + 0.5.
        var c8 = C(8);
        Assert.Equal(-Math.Pow(2, -(1 + c8) / 2 / c8) + 0.5, scores[0], 1e-6);
        Assert.Equal(scores[0], scores[1]);      // tie goes left, like row 0
        Assert.NotEqual(scores[1], scores[2]);   // just above goes right
        Assert.NotEqual(scores[3], scores[4]);
    }

    [Fact]
    public void RandomForest_MatchesReferenceWithin1e5_OnBothLabels()
    {
        var model = RandomForest(seed: 42, trees: 25, maxSamples: 64, features: 6);
        var path = Path.Combine(NewTempDir(), "random.onnx");
        IsolationForestOnnxExporter.Export(model, path);
        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);

        var rng = new Random(7);
        var rows = Enumerable.Range(0, 200).Select(i => Enumerable.Range(0, 6).Select(_ => (float)((rng.NextDouble() * 10 - 5) * (i % 4 == 0 ? 3 : 1))).ToArray()).ToArray();
        var (labels, scores) = RunOrt(path, rows);
        AssertMatchesReference(model, rows, labels, scores);
        Assert.Contains(-1L, labels);
        Assert.Contains(1L, labels);
    }

    [Fact]
    public void NonDefaultOffset_ShiftsScores()
    {
        var dir = NewTempDir();
        float[][] rows = [[0f, 0f], [5f, 5f]];
        IsolationForestOnnxExporter.Export(HandForest(-0.5), Path.Combine(dir, "a.onnx"));
        IsolationForestOnnxExporter.Export(HandForest(-0.6), Path.Combine(dir, "b.onnx"));
        var a = RunOrt(Path.Combine(dir, "a.onnx"), rows).Scores;
        var (labels, b) = RunOrt(Path.Combine(dir, "b.onnx"), rows);
        for (var i = 0; i < rows.Length; i++) Assert.Equal(a[i] + 0.1, b[i], 1e-6);
        AssertMatchesReference(HandForest(-0.6), rows, labels, b);
    }

    [Fact]
    public void Metadata_RoundTripsThroughTheReader_AndExportIsAtomic()
    {
        var dir = NewTempDir();
        var path = Path.Combine(dir, "model.onnx");
        File.WriteAllText(path, "old contents");
        var meta = new ModelMetadata
        {
            Algorithm = "IsolationForest",
            FeatureSettings = new FeatureSettings { MelBands = 64, FeatureSet = FeatureSet.LogMelStats, ChannelMode = ChannelMode.Select, Channel = 1 },
            Threshold = 0.0123,
            ScoreKind = ScoreKind.NegatedDecision,
            Training = new TrainingSummary
            {
                Clips = 3, Vectors = 930, CreatedUtc = new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc), ToolVersion = "0.1.0",
                Parameters = new Dictionary<string, string> { ["trees"] = "2", ["max_samples"] = "8" },
            },
        };
        IsolationForestOnnxExporter.Export(HandForest(), path, meta);

        Assert.Equal(["model.onnx"], Directory.GetFiles(dir).Select(Path.GetFileName));
        var info = OnnxModelInfo.Read(path);
        Assert.Equal(8, info.IrVersion);
        Assert.Equal("AcousticAnomaly", info.ProducerName);
        Assert.Equal(17, info.OpsetImports[""]);
        Assert.Equal(3, info.OpsetImports["ai.onnx.ml"]);
        Assert.Equal("IsolationForest", info.MetadataProps["algorithm"]);
        Assert.Equal("0.0123", info.MetadataProps["threshold"]);

        var back = ModelMetadata.ReadFromModel(path)!;
        Assert.Equal(meta.ToJson(), back.ToJson());
        Assert.Equal(meta.FeatureSettings, back.FeatureSettings);
        Assert.Equal("8", back.Training.Parameters["max_samples"]);
        Assert.Equal(DateTimeKind.Utc, back.Training.CreatedUtc.Kind);

        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);
    }

    [Fact]
    public void ArbitraryMetadataDictionary_IsStoredVerbatim()
    {
        var path = Path.Combine(NewTempDir(), "m.onnx");
        var props = new Dictionary<string, string> { ["a"] = "1", ["ünïcode"] = "välue – ok", ["empty"] = "" };
        IsolationForestOnnxExporter.Export(HandForest(), path, props);
        var info = OnnxModelInfo.Read(path);
        Assert.Equal(props.OrderBy(k => k.Key), info.MetadataProps.OrderBy(k => k.Key));
        Assert.Null(ModelMetadata.ReadFromModel(path));
    }

    [Fact]
    public void InvalidForests_AreRejectedWithTheReason()
    {
        var good = HandForest();
        var badFeature = good with { FeatureCount = 1 };
        Assert.Contains("feature 1", Assert.Throws<ArgumentException>(() => IsolationForestOnnxExporter.ToBytes(badFeature)).Message);
        var t = good.Trees[0];
        var badChild = good with { Trees = [t with { Right = [9, -1, 4, -1, -1] }] };
        Assert.Contains("child index", Assert.Throws<ArgumentException>(() => IsolationForestOnnxExporter.ToBytes(badChild)).Message);
        Assert.Throws<ArgumentException>(() => IsolationForestOnnxExporter.ToBytes(good with { Trees = [] }));
        Assert.Throws<ArgumentException>(() => IsolationForestOnnxExporter.ToBytes(good with { MaxSamples = 1 }));
    }

    [Fact]
    public void SameModel_GivesIdenticalBytes()
    {
        var meta = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };
        Assert.Equal(IsolationForestOnnxExporter.ToBytes(HandForest(), meta), IsolationForestOnnxExporter.ToBytes(HandForest(), new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
    }
}
