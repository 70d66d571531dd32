using AcousticAnomaly.Archive;
using Xunit;

namespace AcousticAnomaly.Tests.Archive;

/// <summary>Issue 15 item 16: `prune`, the CLI face of Remove-AudioArchive.</summary>
public sealed class PruneVerbTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Make(string name, int bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    [Fact]
    public void DeletesTheOldestFlacsToFitTheBudgetAndKeepsWavs()
    {
        string oldest = Make("pump_2020-01-01T00-00-00.000Z.flac", 4096);
        string older = Make("pump_2020-01-01T01-00-00.000Z.flac", 4096);
        string newer = Make("pump_2020-01-01T02-00-00.000Z.flac", 4096);
        string wav = Make("pump_2019-01-01T00-00-00.000Z.wav", 4096); // oldest of all, but not archived

        var dry = CliRunner.Run("prune", _dir, "--max-size", "9KB", "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        Assert.True(File.Exists(oldest), "--dry-run deleted a file");
        var header = dry.Stdout.Split('\n')[0].Trim();
        Assert.Equal(string.Join(",", typeof(RetentionItem).GetProperties().Select(p => $"\"{p.Name}\"")), header);

        var run = CliRunner.Run("prune", _dir, "--max-size", "9KB");
        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(oldest));
        Assert.False(File.Exists(older));
        Assert.True(File.Exists(newer));
        Assert.True(File.Exists(wav));
        Assert.Contains("\"Size\",\"True\"", run.Stdout);
    }

    [Fact]
    public void WarnsWhenOnlyWavsBreakTheBudgetAndRefusesBadUnits()
    {
        Make("pump_2019-01-01T00-00-00.000Z.wav", 4096);
        var run = CliRunner.Run("prune", _dir, "--max-size", "1KB", "--keep-for", "30d");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: The size limit", run.Stderr);
        Assert.Equal(2, CliRunner.Run("prune", _dir, "--keep-for", "30 parsecs").ExitCode);
        Assert.Equal(2, CliRunner.Run("prune", _dir).ExitCode); // no limit given
    }
}
