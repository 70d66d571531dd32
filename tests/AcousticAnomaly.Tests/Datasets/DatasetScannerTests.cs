using Xunit;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Tests.Datasets;

public sealed class DatasetScannerTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void OneRowPerLabelThenTheWholeDataset()
    {
        var root = _dir.CopySpeechFixture();
        Signals.Write(Path.Combine(root, "cat", "long.wav"), 8000, 2, new float[2 * 12000]);
        File.WriteAllText(Path.Combine(root, "cat", "._long.wav"), "resource fork");
        File.WriteAllText(Path.Combine(root, "happy", "broken.wav"), "not audio");
        File.WriteAllText(Path.Combine(root, "happy", "notes.txt"), "ignored: not an audio extension");
        Directory.CreateDirectory(Path.Combine(root, ".cache"));

        var rows = new DatasetScanner().Scan(root);

        Assert.Equal(["bed", "cat", "happy", "*"], rows.Select(r => r.Label));
        var bed = rows[0];
        Assert.Equal(6, bed.Count);
        Assert.Equal(3, bed.TotalDuration, 9);
        Assert.Equal(0.5, bed.MinDuration, 9);
        Assert.Equal(0.5, bed.MeanDuration, 9);
        Assert.Equal([16000], bed.SampleRates);
        Assert.Equal([1], bed.Channels);

        var cat = rows[1];
        Assert.Equal(6, cat.Count);
        Assert.Equal(1, cat.Hidden);
        Assert.Equal(1.5, cat.MaxDuration, 9);
        Assert.EndsWith("long.wav", cat.LongestClip);
        Assert.Equal([8000, 16000], cat.SampleRates);
        Assert.Equal([1, 2], cat.Channels);

        var happy = rows[2];
        Assert.Equal(3, happy.Count);
        Assert.Equal(1, happy.Unreadable);
        Assert.EndsWith("broken.wav", Assert.Single(happy.UnreadableFiles));

        var all = rows[3];
        Assert.Equal(15, all.Count);
        Assert.Equal(1, all.Unreadable);
        Assert.Equal(1, all.Hidden);
        Assert.Equal(cat.LongestClip, all.LongestClip);
        Assert.Equal(8.5, all.TotalDuration, 9);
    }

    [Fact]
    public void LongestClipOfALabelFolderSizesFixedLengthRecording()
    {
        var root = _dir.CopySpeechFixture();
        Assert.Null(DatasetScanner.LongestClip(_dir["empty"]));
        Signals.Write(Path.Combine(root, "happy", "long.wav"), 16000, 1, new float[12000]);
        var longest = DatasetScanner.LongestClip(Path.Combine(root, "happy"));
        Assert.Equal(TimeSpan.FromSeconds(0.75), longest!.Value.Duration);
        Assert.EndsWith("long.wav", longest.Value.Path);
    }

    [Fact]
    public void AMissingRootIsAnError() =>
        Assert.Throws<DirectoryNotFoundException>(() => new DatasetScanner().Scan(_dir["nowhere"]));
}
