using AcousticAnomaly.Models;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>`acoustic-anomaly train gmm|mahalanobis|knn`: TWFR by default, options reach the model's metadata.</summary>
public sealed class TrainCpuDetectorVerbTests : IDisposable
{
    private readonly string _dir = Onnx.OnnxTestSupport.NewTempDir();
    private static readonly string[] Normal = Enumerable.Range(0, 4).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToArray();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("gmm", "Gmm", "max_components", "2", "--max-components")]
    [InlineData("gmm", "Gmm", "restarts", "2", "--restarts")]
    [InlineData("mahalanobis", "Mahalanobis", "covariance", "Full", "--covariance")]
    [InlineData("knn", "Knn", "neighbors", "2", "--neighbors")]
    public void TrainsOnTwfrByDefaultAndRecordsItsOptions(string verb, string algorithm, string parameter, string value, string option)
    {
        var model = Path.Combine(_dir, verb + ".onnx");
        var (code, stdout, stderr) = CliRunner.Run(["train", verb, .. Normal, "--output", model, option, value]);
        Assert.True(code == 0, stderr);
        Assert.StartsWith($"\"{model}\",\"{algorithm}\",\"LogMelTwfr\",\"4\",\"4\"", stdout.Split('\n')[1]);
        var metadata = ModelMetadata.ReadFromModel(model)!;
        Assert.Equal(value, metadata.Training.Parameters[parameter]);
        Assert.False(string.IsNullOrEmpty(metadata.ThresholdMethod));
    }

    [Fact]
    public void ABadDomainPatternIsAnArgumentError()
    {
        var (code, _, stderr) = CliRunner.Run(["train", "mahalanobis", .. Normal, "--output", Path.Combine(_dir, "m.onnx"), "--domain-pattern", "("]);
        Assert.Equal(2, code);
        Assert.Contains("DomainPattern", stderr);
    }
}
