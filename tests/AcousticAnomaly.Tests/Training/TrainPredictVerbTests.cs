using AcousticAnomaly.Models;
using AcousticAnomaly.Tests.Models;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Training;

/// <summary>`acoustic-anomaly train iforest`, `predict` and `demo` run as real processes.</summary>
public sealed class TrainPredictVerbTests : IDisposable
{
    private readonly string _dir = BldcSample.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TrainThenPredictPrintCsvWithTheCmdletObjectsPropertyNames()
    {
        var model = Path.Combine(_dir, "m.onnx");
        var (code, stdout, stderr) = CliRunner.Run(["train", "iforest", .. BldcSample.Train, "--output", model, "--seed", "3", "--trees", "50"]);
        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(CliRunner.HeaderOf<ModelInfo>(), rows[0]);
        Assert.Equal(model, rows[1][0]);
        Assert.Equal("50", AcousticAnomaly.Models.ModelMetadata.ReadFromModel(model)!.Training.Parameters["trees"]);

        (code, stdout, stderr) = CliRunner.Run(["predict", "--model", model, .. BldcSample.Abnormal.Take(2), "--segment", "1.5"]);
        Assert.True(code == 0, stderr);
        rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(CliRunner.HeaderOf<PredictionResult>(), rows[0]);
        Assert.Equal(5, rows.Count); // two files x two 1.5 s segments
        Assert.Equal(new[] { "0", "1.5", "0", "1.5" }, rows.Skip(1).Select(r => r[1]));
        Assert.All(rows.Skip(1), r => Assert.Contains(r[6], new[] { "anomaly", "normal" }));
    }

    [Fact]
    public void PredictReportsABadFileAndScoresTheRest()
    {
        var model = Path.Combine(_dir, "m.onnx");
        Assert.Equal(0, CliRunner.Run(["train", "iforest", .. BldcSample.Train, "--output", model]).ExitCode);
        var bad = Path.Combine(_dir, "bad.flac");
        File.WriteAllBytes(bad, "fLaC this is not a stream"u8.ToArray());

        var (code, stdout, stderr) = CliRunner.Run("predict", "--model", model, BldcSample.HeldBack[0], bad, BldcSample.Abnormal[0]);
        Assert.Equal(1, code);
        Assert.Contains("bad.flac", stderr);
        Assert.Equal(3, CliRunner.ParseCsv(stdout).Count);
    }

    [Fact]
    public void AMissingModelIsAClearErrorAndNothingIsPrinted()
    {
        var (code, stdout, stderr) = CliRunner.Run("predict", "--model", Path.Combine(_dir, "none.onnx"), BldcSample.HeldBack[0]);
        Assert.Equal(2, code);
        Assert.Contains("none.onnx: model file not found", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void TrainRefusesToOverwriteWithoutForce()
    {
        var model = Path.Combine(_dir, "m.onnx");
        File.WriteAllText(model, "existing");
        var (code, _, stderr) = CliRunner.Run(["train", "iforest", .. BldcSample.Train, "--output", model]);
        Assert.Equal(2, code);
        Assert.Contains("already exists", stderr);
        Assert.Equal("existing", File.ReadAllText(model));
    }

    [Fact]
    public void DemoRunsTheWholeJobOnTheBundledSample()
    {
        var (code, stdout, stderr) = CliRunner.Run("demo", "--sample", TestPaths.Fixture("bldc-sample"),
            "--models", Path.Combine(_dir, "models"), "--work", Path.Combine(_dir, "work"));
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "models", "bldc-demo.onnx")));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "work", "archive"), "*.flac"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "work", "recordings"))); // removed after verification
        Assert.Contains("M1_propeller_1850rpm.flac", stdout);
        Assert.Matches(@"\d+ of 10 clips labelled correctly; ROC AUC [01]\.\d{3}", stdout);
    }
}
