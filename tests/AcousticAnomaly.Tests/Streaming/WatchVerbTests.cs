using System.Globalization;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Tests.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Streaming;

[Collection(CaptureCollection.Name)]
public sealed class WatchVerbTests : IDisposable
{
    private readonly VirtualMicrophones _mics;
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-cli-watch-").FullName;

    public WatchVerbTests(VirtualMicrophones mics)
    {
        _mics = mics;
        WatchTestData.LoadIntoRemovableMicrophone(mics);
    }

    public void Dispose()
    {
        _mics.RestoreRemovableFile();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void WatchPrintsResultRowsAsCsvAndTotalsOnStderr()
    {
        var evidence = Path.Combine(_dir, "evidence");
        var (code, stdout, stderr) = CliRunner.Run(_mics, "watch", "--device", VirtualMicrophones.Removable,
            "--model", WatchTestData.ModelPath, "--window", "1", "--hop", "0.5", "--duration", "6", "--max-speed", "20",
            "--anomaly-only", "--min-consecutive", "2", "--save-anomalies", evidence);
        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(typeof(WatchResult).GetProperties().Select(p => p.Name), rows[0]);
        Assert.Equal(new[] { "3", "3.5", "4", "4.5" }, rows.Skip(1).Select(r => r[2]));
        Assert.All(rows.Skip(1), r =>
        {
            Assert.Equal(VirtualMicrophones.Removable, r[1]);
            Assert.Equal("True", r[5]);
            Assert.Equal("0", r[7]);
            Assert.True(double.Parse(r[3], CultureInfo.InvariantCulture) > double.Parse(r[4], CultureInfo.InvariantCulture));
        });
        Assert.Equal(4, Directory.GetFiles(evidence, "*.flac").Length);
        Assert.Contains($"{VirtualMicrophones.Removable}: 11 windows, 5 anomalous, 4 events, 96000 frames captured, 0 lost", stderr);
    }

    [Fact]
    public void WatchWithAnUnknownDeviceFailsClearly()
    {
        var (code, stdout, stderr) = CliRunner.Run(_mics, "watch", "--device", "missing-mic", "--model", WatchTestData.ModelPath, "--duration", "1");
        Assert.Equal(2, code);
        Assert.Contains("No input device is named 'missing-mic'", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void WatchWithAMissingModelFailsClearly()
    {
        var missing = Path.Combine(_dir, "none.onnx");
        var (code, _, stderr) = CliRunner.Run(_mics, "watch", "--device", VirtualMicrophones.Removable, "--model", missing, "--duration", "1");
        Assert.Equal(2, code);
        Assert.Contains("none.onnx", stderr);
        Assert.Contains("not found", stderr);
    }
}
