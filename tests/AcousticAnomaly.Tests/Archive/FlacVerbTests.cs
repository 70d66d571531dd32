using AcousticAnomaly.Archive;
using Xunit;

namespace AcousticAnomaly.Tests.Archive;

/// <summary>`acoustic-anomaly flac` run as a real process: CSV rows on stdout, errors on stderr, exit code 1 on failures.</summary>
public class FlacVerbTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();
    public void Dispose() => Directory.Delete(_dir, true);

    private static (int Code, string Out, string Err) RunCli(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void ConvertsGoodFilesPrintsCsvAndFailsForTheBadOne()
    {
        string a = Path.Combine(_dir, "a.wav"), bad = Path.Combine(_dir, "bad.wav"), outDir = Path.Combine(_dir, "out");
        var s = FlacTestSupport.Signal(3000, 2, 16, 11);
        FlacTestSupport.WriteWav(a, s, 16000, 2);
        File.WriteAllBytes(bad, new byte[100]);

        var (code, stdout, stderr) = RunCli("flac", a, bad, "--output-dir", outDir, "--level", "8");

        Assert.Equal(1, code);
        var lines = stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        string header = string.Join(",", typeof(FlacArchiveResult).GetProperties().Select(p => $"\"{p.Name}\""));
        Assert.Equal(header, lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"\"{Path.Combine(outDir, "a.flac")}\",\"{a}\",\"1\",\"0.1875\",\"16000\",\"2\",\"16\"", lines[1]);
        Assert.Contains(bad, stderr);
        Assert.Equal(s, FlacTestSupport.DecodeAll(Path.Combine(outDir, "a.flac"), out _));
    }

    [Fact]
    public void LevelOutsideZeroToEightIsRejected()
    {
        var (code, _, stderr) = RunCli("flac", Path.Combine(_dir, "x.wav"), "--level", "9");
        Assert.NotEqual(0, code);
        Assert.Contains("--level", stderr);
    }
}
