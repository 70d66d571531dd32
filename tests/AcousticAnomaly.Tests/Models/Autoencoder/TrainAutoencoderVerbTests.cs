using System.Diagnostics;
using AcousticAnomaly.Models;
using AcousticAnomaly.Tests.Onnx;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Autoencoder;

/// <summary>`acoustic-anomaly train autoencoder` run as a real process.</summary>
public class TrainAutoencoderVerbTests
{
    private static (int Code, string Out, string Err) RunCli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "acoustic-anomaly.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(); throw new TimeoutException("CLI hung"); }
        return (p.ExitCode, o.Result, e.Result);
    }

    [Fact]
    public void TrainsWritesTheModel_PrintsModelInfoCsv_AndDefaultsToTheGammaThreshold()
    {
        var output = Path.Combine(OnnxTestSupport.NewTempDir(), "cli-ae.onnx");
        var clips = Enumerable.Range(0, 4).Select(i => TestPaths.Fixture("autoencoder", $"valve_normal_{i}.wav"));
        var (code, stdout, stderr) = RunCli(["train", "autoencoder", .. clips, "--output", output, "--epochs", "2", "--batch-size", "32",
            "--hidden-units", "16", "--bottleneck-units", "4", "--seed", "3"]);

        Assert.True(code == 0, stderr);
        var lines = stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(string.Join(",", typeof(ModelInfo).GetProperties().Select(p => $"\"{p.Name}\"")), lines[0]);
        Assert.StartsWith($"\"{output}\",\"Autoencoder\",\"LogMelFrames\",\"4\"", lines[1]);
        var metadata = ModelMetadata.ReadFromModel(output)!;
        Assert.Matches(@"^(Gamma\(0\.9|Percentile\(90)", metadata.Training.Parameters["threshold_method"]);
        Assert.Equal("16", metadata.Training.Parameters["hidden_units"]);
        Assert.Equal("4", metadata.Training.Parameters["bottleneck_units"]);
        Assert.True(metadata.Threshold > 0);
    }

    [Fact]
    public void InvalidOptionIsAnErrorNamingIt()
    {
        var output = Path.Combine(OnnxTestSupport.NewTempDir(), "bad.onnx");
        var (code, _, stderr) = RunCli("train", "autoencoder", TestPaths.Fixture("autoencoder", "valve_normal_0.wav"), "--output", output, "--epochs", "0");
        Assert.Equal(2, code);
        Assert.Contains("Epochs", stderr);
        Assert.False(File.Exists(output));
    }
}
