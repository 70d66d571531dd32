using Xunit;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Tests.Datasets;

/// <summary>The CLI verbs over the Datasets services: same columns as the cmdlet objects, exit codes for bad files.</summary>
public sealed class DatasetVerbsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Header<T>() => string.Join(",", typeof(T).GetProperties().Select(p => $"\"{p.Name}\""));

    [Fact]
    public void CheckAndDatasetPrintTheRecordsColumns()
    {
        var root = _dir.CopySpeechFixture();
        var (code, stdout, stderr) = CliRunner.Run("check", root);
        Assert.True(code == 0, stderr);
        var lines = stdout.Trim().Split('\n');
        Assert.Equal(Header<AudioFileCheck>(), lines[0].TrimEnd('\r'));
        Assert.Equal(15, lines.Length);

        File.WriteAllText(Path.Combine(root, "cat", "bad.wav"), "no");
        (code, stdout, _) = CliRunner.Run("check", root);
        Assert.Equal(1, code);
        Assert.Contains("\"Unreadable\"", stdout);

        (code, stdout, stderr) = CliRunner.Run("dataset", root);
        Assert.True(code == 0, stderr);
        lines = stdout.Trim().Split('\n');
        Assert.Equal(Header<DatasetLabelSummary>(), lines[0].TrimEnd('\r'));
        Assert.StartsWith("\"bed\",\"6\",\"3\"", lines[1]);
        Assert.StartsWith("\"*\",\"14\"", lines[4]);
    }

    [Fact]
    public void SplitDatasetThenAugmentTheTrainingSide()
    {
        var root = _dir.CopySpeechFixture();
        var (code, stdout, stderr) = CliRunner.Run("split-dataset", root, "--output-dir", _dir["split"], "--group-pattern", "^(?<group>[^_]+)_",
            "--train", "0.5", "--validation", "0.25", "--test", "0.25", "--seed", "1");
        Assert.True(code == 0, stderr);
        Assert.Equal(Header<DatasetSplitEntry>(), stdout.Split('\n')[0].TrimEnd('\r'));
        var train = ManifestCsv.Read(_dir["split/manifest.csv"]).Count(r => r["Split"] == "train");
        Assert.True(train > 0);

        (code, stdout, stderr) = CliRunner.Run("augment", "--manifest", _dir["split/manifest.csv"], "-a", "gain:db=-3", "-a", "noise:snr=20",
            "--output-dir", _dir["aug"]);
        Assert.True(code == 0, stderr);
        var rows = ManifestCsv.Read(_dir["aug/augmentations.csv"]);
        Assert.Equal(2 * train, rows.Count);
        Assert.All(rows, r => Assert.Equal("train", r["Split"]));
        Assert.All(rows, r => Assert.True(File.Exists(r["Path"])));
    }

    [Fact]
    public void SplitCutsARecording()
    {
        var source = Signals.Write(_dir["rec.wav"], 16000, 1, Signals.Sine(440, 1, 16000));
        var (code, stdout, stderr) = CliRunner.Run("split", source, "--chunk-duration", "0.4", "--output-dir", _dir["chunks"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(["rec_0.000s.wav", "rec_0.400s.wav", "rec_0.800s.wav"], Directory.GetFiles(_dir["chunks"]).Select(Path.GetFileName).Order());
        Assert.Equal(Header<AudioChunk>(), stdout.Split('\n')[0].TrimEnd('\r'));
    }
}
