using System.Text.Json;
using AcousticAnomaly.Features;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>Reads the committed reference JSON of tests/reference/kmeans_reference.py and ocsvm_reference.py.</summary>
internal static class DetectorFixtures
{
    public static JsonElement Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("detectors", name)));
        return doc.RootElement.Clone();
    }

    /// <summary>A base64 string of little-endian float32 values as a matrix of the given width.</summary>
    public static FeatureMatrix Matrix(JsonElement base64, int columns)
    {
        var bytes = Convert.FromBase64String(base64.GetString()!);
        var data = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, data, 0, bytes.Length);
        return new FeatureMatrix(data, columns);
    }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static void AssertClose(double expected, double actual, double relative, string what)
    {
        var tolerance = relative * Math.Max(1.0, Math.Abs(expected));
        Xunit.Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:G3})");
    }

    /// <summary>
    /// An exported detector graph passes onnx.checker, and ONNX Runtime's score output (one per row) equals the C#
    /// scorer's scores within <paramref name="relative"/>.
    /// </summary>
    public static void AssertGraphScoresAsScorer(string path, string input, string output, FeatureMatrix x, double[] expected, double relative)
    {
        var (code, err) = AcousticAnomaly.Tests.Onnx.OnnxTestSupport.RunOnnxChecker(path);
        Assert.True(code == 0, err);
        using var session = AcousticAnomaly.Onnx.OnnxSession.Open(path);
        var outputs = session.Run(input, AcousticAnomaly.Onnx.OnnxTensor.FromFloat(x.Data, x.Rows, x.Columns));
        Assert.Equal(new long[] { x.Rows, 1 }, outputs[output].Shape);
        var actual = outputs[output].AsFloat();
        for (int r = 0; r < x.Rows; r++) AssertClose(expected[r], actual[r], relative, $"row {r}");
    }
}
