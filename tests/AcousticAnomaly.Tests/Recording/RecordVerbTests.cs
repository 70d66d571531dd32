using AcousticAnomaly.Audio;
using AcousticAnomaly.Recording;
using AcousticAnomaly.Tests.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Recording;

[Collection(CaptureCollection.Name)]
public sealed class RecordVerbTests(VirtualMicrophones mics) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-cli-rec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RecordWritesSegmentsOfBothDevicesAndPrintsThemAsCsv()
    {
        // Short enough to fit the capture queue, so the unpaced file devices lose nothing even without a speed limit.
        var (code, stdout, stderr) = CliRunner.Run(mics, "record", "--device", VirtualMicrophones.Normal,
            "--device", VirtualMicrophones.Anomaly, "--duration", "2", "--segment", "1", "--output-dir", _dir);
        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(typeof(RecordingSegment).GetProperties().Select(p => p.Name), rows[0]);
        Assert.Equal(4, rows.Count - 1);
        Assert.All(rows.Skip(1), r =>
        {
            Assert.True(File.Exists(r[0]));
            Assert.Equal("1", r[3]);
            Assert.Equal("16000", r[4]);
            Assert.Equal("1", r[5]);
            Assert.Equal("0", r[6]);
        });
        foreach (var (device, expected) in new[] { (VirtualMicrophones.Normal, mics.NormalSamples), (VirtualMicrophones.Anomaly, mics.AnomalySamples) })
        {
            var samples = rows.Skip(1).Where(r => r[1] == device).OrderBy(r => r[2]).SelectMany(r => ReadInts(r[0]));
            Assert.Equal(expected.Take(32000).Select(x => (int)x), samples);
        }
    }

    [Fact]
    public void RecordWithAnUnknownDeviceFailsWithTheDeviceList()
    {
        var (code, stdout, stderr) = CliRunner.Run(mics, "record", "--device", "missing-mic", "--duration", "1", "--output-dir", _dir);
        Assert.Equal(2, code); // nothing could start: usage, not "some items failed"
        Assert.Contains("No input device is named 'missing-mic'", stderr);
        Assert.Contains(VirtualMicrophones.Normal, stderr);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task InterruptStopsRecordingAndFinalisesEveryFile()
    {
        var psi = CliRunner.StartInfo(mics, "record", "--device", VirtualMicrophones.Normal, "--segment", "1",
            "--max-speed", "10", "--output-dir", _dir);
        psi.RedirectStandardInput = true;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        // Wait for the header and two finished files, then interrupt as Ctrl+C would.
        while (lines.Count < 3 && p.StandardOutput.ReadLine() is { } line) lines.Add(line);
        Assert.Equal(0, kill(p.Id, 2)); // SIGINT
        lines.AddRange(p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "record did not stop on SIGINT");
        Assert.True(p.ExitCode == 0, await stderr);

        var rows = CliRunner.ParseCsv(string.Join('\n', lines)).Skip(1).ToList();
        Assert.True(rows.Count >= 3, $"{rows.Count} files"); // two whole ones and the one open at the interrupt
        Assert.Equal(rows.Select(r => r[0]).Order(), Directory.GetFiles(_dir).Order());
        var samples = rows.SelectMany(r => ReadInts(r[0])).ToArray();
        Assert.Equal(mics.NormalSamples.Take(samples.Length).Select(x => (int)x), samples.Take(mics.NormalSamples.Length));
        Assert.All(rows, r => Assert.Equal("0", r[6]));
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int kill(int pid, int signal);

    private static int[] ReadInts(string path)
    {
        using var reader = AudioFile.Open(path);
        var samples = new int[reader.TotalFrames * reader.Format.Channels];
        int got = 0, n;
        while ((n = reader.ReadInt32(samples.AsSpan(got))) > 0) got += n * reader.Format.Channels;
        return samples;
    }
}
