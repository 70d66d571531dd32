using AcousticAnomaly.Features;
using AcousticAnomaly.Models.OneClassSvm;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Tests.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.Onnx.OnnxTestSupport;

namespace AcousticAnomaly.Tests.Models.OneClassSvm;

/// <summary>
/// The exported one-class SVM passes the onnx checker and, in ONNX Runtime 1.32 (SVMRegressor, one_class = 0), gives
/// the C# decision_function within 1e-4 and sklearn's predict labels.
/// </summary>
public class OneClassSvmOnnxExporterTests
{
    private static readonly System.Text.Json.JsonElement Reference = DetectorFixtures.Load("ocsvm_reference.json");
    private static int D => Reference.GetProperty("D").GetInt32();
    private static FeatureMatrix X => DetectorFixtures.Matrix(Reference.GetProperty("X"), D);
    private static FeatureMatrix XTest => DetectorFixtures.Matrix(Reference.GetProperty("X_test"), D);

    [Theory]
    [InlineData(0.1, null)]
    [InlineData(0.3, 0.02)]
    public void Export_PassesChecker_AndOrtMatchesDecisionFunction(double nu, double? gamma)
    {
        var model = new OneClassSvmTrainer(new OneClassSvmOptions(Nu: nu, Gamma: gamma)).Train(X);
        var path = Path.Combine(NewTempDir(), "ocsvm.onnx");
        OneClassSvmOnnxExporter.Export(model, path);
        var (code, err) = RunOnnxChecker(path);
        Assert.True(code == 0, err);

        var scorer = new OneClassSvmScorer(model);
        using var session = OnnxSession.Open(path);
        foreach (var data in new[] { X, XTest })
        {
            var decision = scorer.DecisionFunction(data);
            var outputs = session.Run(OneClassSvmOnnxExporter.InputName, OnnxTensor.FromFloat(data.Data, data.Rows, data.Columns));
            Assert.Equal(new long[] { data.Rows, 1 }, outputs[OneClassSvmOnnxExporter.ScoresOutput].Shape);
            Assert.Equal(new long[] { data.Rows, 1 }, outputs[OneClassSvmOnnxExporter.LabelOutput].Shape);
            var scores = outputs[OneClassSvmOnnxExporter.ScoresOutput].AsFloat();
            var labels = outputs[OneClassSvmOnnxExporter.LabelOutput].AsInt64();
            for (int r = 0; r < data.Rows; r++)
            {
                DetectorFixtures.AssertClose(decision[r], scores[r], 1e-4, $"row {r} decision");
                Assert.Equal(scores[r] < 0 ? -1L : 1L, labels[r]);
            }
            Assert.Contains(-1L, labels);
            Assert.Contains(1L, labels);
        }
    }
}
