using System.Globalization;
using System.Text.Json;
using AcousticAnomaly.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

/// <summary>`acoustic-anomaly evaluate` as a real process: the EvaluationResult as CSV or JSON, errors on stderr.</summary>
public class EvaluateVerbTests(EvaluationModelFixture fixture) : IClassFixture<EvaluationModelFixture>
{
    private EvaluationResult ServiceResult() =>
        new ModelEvaluation(new ModelEvaluationOptions { ModelPath = fixture.ModelPath })
            .Evaluate(ModelEvaluation.FromPaths([EvaluationModelFixture.NormalDir], [EvaluationModelFixture.AbnormalDir])).Result;

    [Fact]
    public void CsvHasTheEvaluationResultHeaderAndTheServicesNumbers()
    {
        var report = Path.Combine(fixture.NewDirectory(), "r.html");
        var (code, stdout, stderr) = CliRunner.Run("evaluate", "--model", fixture.ModelPath,
            "--normal", EvaluationModelFixture.NormalDir, "--abnormal", EvaluationModelFixture.AbnormalDir, "--report", report);

        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(2, rows.Count);
        Assert.Equal(typeof(EvaluationResult).GetProperties().Select(p => p.Name), rows[0]);
        var expected = ServiceResult();
        var row = rows[0].Zip(rows[1]).ToDictionary(x => x.First, x => x.Second);
        Assert.Equal("valve.onnx", row["Model"]);
        Assert.Equal("4", row["NormalCount"]);
        Assert.Equal(expected.Auc, double.Parse(row["Auc"], CultureInfo.InvariantCulture));
        Assert.Equal(expected.PAuc, double.Parse(row["PAuc"], CultureInfo.InvariantCulture));
        Assert.Equal(expected.TruePositives.ToString(CultureInfo.InvariantCulture), row["TruePositives"]);
        Assert.Contains("<h1>", File.ReadAllText(report));
    }

    [Fact]
    public void JsonIsTheSerialisedEvaluationResult()
    {
        var (code, stdout, stderr) = CliRunner.Run("evaluate", "-m", fixture.ModelPath,
            "--normal", EvaluationModelFixture.NormalDir, "--abnormal", EvaluationModelFixture.AbnormalDir, "--format", "json", "--threshold", "-1");

        Assert.True(code == 0, stderr);
        var parsed = JsonSerializer.Deserialize<EvaluationResult>(stdout)!;
        Assert.Equal(ServiceResult() with
        {
            Threshold = -1, TruePositives = 4, FalsePositives = 4, TrueNegatives = 0, FalseNegatives = 0,
            Precision = 0.5, Recall = 1, F1 = 2 * 0.5 / 1.5, Accuracy = 0.5,
        }, parsed);
    }

    [Fact]
    public void ACorruptFileIsAnErrorOnStderrAndTheRestAreMeasured()
    {
        var corrupt = Path.Combine(fixture.NewDirectory(), "corrupt.wav");
        File.WriteAllText(corrupt, "this is not audio");
        var normals = Directory.GetFiles(EvaluationModelFixture.NormalDir).Order(StringComparer.Ordinal).ToArray();
        var (code, stdout, stderr) = CliRunner.Run(["evaluate", "--model", fixture.ModelPath,
            "--normal", .. normals, corrupt, "--abnormal", EvaluationModelFixture.AbnormalDir]);

        Assert.Equal(1, code);
        var errorLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errorLines);
        Assert.StartsWith($"error: {corrupt}: ", errorLines[0]);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(ServiceResult().Auc, double.Parse(rows[1][Array.IndexOf(rows[0], "Auc")], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AMissingModelExitsWithTwoAndNamesIt()
    {
        var (code, stdout, stderr) = CliRunner.Run("evaluate", "--model", "/no/such/m.onnx",
            "--normal", EvaluationModelFixture.NormalDir, "--abnormal", EvaluationModelFixture.AbnormalDir);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("/no/such/m.onnx", stderr);
    }
}
