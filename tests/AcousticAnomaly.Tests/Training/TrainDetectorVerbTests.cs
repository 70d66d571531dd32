using AcousticAnomaly.Models;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Training;

/// <summary>`acoustic-anomaly train kmeans|ocsvm` as a real process: one CSV row (ModelInfo's columns), a loadable model.</summary>
public class TrainDetectorVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aa-train-verb-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly string[] Normal = Enumerable.Range(0, 4).Select(i => TestPaths.Fixture("detectors", $"valve_normal_{i}.flac")).ToArray();

    private static (int Code, string Out, string Err) RunCli(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void TrainKMeans_DefaultsToGammaThreshold_AndWritesTheModel()
    {
        var model = Path.Combine(_dir, "k.onnx");
        var (code, stdout, stderr) = RunCli(["train", "kmeans", .. Normal, "--output", model, "--clusters", "3", "--seed", "5"]);
        Assert.True(code == 0, stderr);
        var lines = stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(string.Join(",", typeof(ModelInfo).GetProperties().Select(p => $"\"{p.Name}\"")), lines[0]);
        Assert.StartsWith($"\"{model}\",\"KMeans\",\"LogMelFrames\",\"4\"", lines[1]);
        var metadata = ModelMetadata.ReadFromModel(model)!;
        Assert.Matches(@"^(Gamma\(0\.9|Percentile\(90)", metadata.Training.Parameters["threshold_method"]);
        Assert.Equal(metadata.ThresholdMethod, metadata.Training.Parameters["threshold_method"]);
        Assert.Equal("3", metadata.Training.Parameters["clusters"]);
        Assert.Equal("true", metadata.Training.Parameters["standardize"]);

        // A second run without --force keeps the file and fails.
        var again = RunCli(["train", "kmeans", .. Normal, "--output", model, "--no-standardize"]);
        Assert.Equal(2, again.Code);
        Assert.Contains("already exists", again.Err);
    }

    [Fact]
    public void TrainOcsvm_UsesTheSvmBoundary_AndHonoursOptions()
    {
        var model = Path.Combine(_dir, "s.onnx");
        var (code, stdout, stderr) = RunCli(["train", "ocsvm", .. Normal, "-o", model, "--nu", "0.2", "--gamma", "0.001", "--max-training-vectors", "100", "--threshold-method", "Contamination"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("\"OneClassSvm\"", stdout);
        var metadata = ModelMetadata.ReadFromModel(model)!;
        Assert.Equal(0.0, metadata.Threshold);
        Assert.Equal(ScoreKind.NegatedDecision, metadata.ScoreKind);
        Assert.Equal("0.2", metadata.Training.Parameters["nu"]);
        Assert.Equal("0.001", metadata.Training.Parameters["gamma"]);
        Assert.Equal("100", metadata.Training.Parameters["max_training_vectors"]);
    }
}
