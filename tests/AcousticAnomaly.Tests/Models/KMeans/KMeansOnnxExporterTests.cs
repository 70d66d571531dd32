using AcousticAnomaly.Features;
using AcousticAnomaly.Models.KMeans;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Tests.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models.KMeans;

/// <summary>The exported k-means graph passes the onnx checker and, in ONNX Runtime, gives the C# scorer's distances and labels.</summary>
public class KMeansOnnxExporterTests
{
    private static readonly System.Text.Json.JsonElement Reference = DetectorFixtures.Load("kmeans_reference.json");
    private static FeatureMatrix X => DetectorFixtures.Matrix(Reference.GetProperty("X"), Reference.GetProperty("D").GetInt32());
    private static FeatureMatrix XTest => DetectorFixtures.Matrix(Reference.GetProperty("X_test"), Reference.GetProperty("D").GetInt32());

    [Theory]
    [InlineData(true, 5)]
    [InlineData(false, 5)]
    [InlineData(true, 1)]
    public void Export_PassesChecker_AndOrtMatchesScorer(bool standardize, int k)
    {
        var model = new KMeansTrainer(new KMeansOptions(ClusterCount: k, Standardize: standardize, Seed: 1)).Train(X);
        var path = Path.Combine(NewTempDir(), "kmeans.onnx");
        KMeansOnnxExporter.Export(model, path);
        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);

        var scorer = new KMeansScorer(model);
        foreach (var data in new[] { X, XTest })
        {
            var (distance, label) = scorer.Score(data);
            using var session = OnnxSession.Open(path);
            var outputs = session.Run(KMeansOnnxExporter.InputName, OnnxTensor.FromFloat(data.Data, data.Rows, data.Columns));
            Assert.Equal(new long[] { data.Rows, 1 }, outputs[KMeansOnnxExporter.DistanceOutput].Shape);
            Assert.Equal(new long[] { data.Rows, 1 }, outputs[KMeansOnnxExporter.LabelOutput].Shape);
            var ortDistance = outputs[KMeansOnnxExporter.DistanceOutput].AsFloat();
            var ortLabel = outputs[KMeansOnnxExporter.LabelOutput].AsInt64();
            for (int r = 0; r < data.Rows; r++)
            {
                // Both in double; only the final cast to float differs.
                DetectorFixtures.AssertClose(distance[r], ortDistance[r], 1e-6, $"row {r} distance");
                Assert.Equal(label[r], ortLabel[r]);
            }
        }
    }

    [Fact]
    public void Export_RejectsInconsistentModel()
    {
        var bad = new KMeansModel([1f, 2f, 3f], 2, null, null, 0, 1);
        Assert.Throws<ArgumentException>(() => KMeansOnnxExporter.ToBytes(bad));
        var nan = new KMeansModel([1f, float.NaN], 2, null, null, 0, 1);
        Assert.Throws<ArgumentException>(() => KMeansOnnxExporter.ToBytes(nan));
    }
}
