using Xunit;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Tests.Datasets;

public sealed class DatasetSplitterTests : IDisposable
{
    private const string Speaker = "^(?<group>[^_]+)_";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IEnumerable<LabelledFile> Synthetic(int perLabel, int filesPerSpeaker) =>
        from label in new[] { "a", "b", "c" }
        from i in Enumerable.Range(0, perLabel)
        select new LabelledFile($"/d/{label}/{label}{i / filesPerSpeaker:D3}_nohash_{i % filesPerSpeaker}.wav", label);

    [Fact]
    public void EachLabelIsSplitInTheRequestedShares()
    {
        var entries = new DatasetSplitter(new DatasetSplitOptions()).Assign(Synthetic(100, 1));
        foreach (var label in new[] { "a", "b", "c" })
        {
            var sides = entries.Where(e => e.Label == label).GroupBy(e => e.Split).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(80, sides["train"]);
            Assert.Equal(10, sides["validation"]);
            Assert.Equal(10, sides["test"]);
        }
    }

    [Fact]
    public void GroupsNeverSpanTwoSidesAndSharesStayClose()
    {
        var splitter = new DatasetSplitter(new DatasetSplitOptions { GroupPattern = Speaker, Seed = 3 });
        var entries = splitter.Assign(Synthetic(200, 4));
        Assert.All(entries.GroupBy(e => e.Group), g => Assert.Single(g.Select(e => e.Split).Distinct()));
        Assert.Equal("a012", splitter.GroupOf("/d/a/a012_nohash_3.wav"));
        foreach (var label in new[] { "a", "b", "c" })
            Assert.InRange(entries.Count(e => e.Label == label && e.Split == "train"), 156, 164);
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplitAndAnotherSeedAnother()
    {
        var files = Synthetic(50, 1).ToList();
        string Sides(int seed) => string.Concat(new DatasetSplitter(new DatasetSplitOptions { Seed = seed }).Assign(files).Select(e => e.Split[0]));
        Assert.Equal(Sides(7), Sides(7));
        Assert.NotEqual(Sides(7), Sides(8));
    }

    [Fact]
    public void SpeakersOfTheSpeechFixtureStayTogetherInCopiedFoldersAndTheManifest()
    {
        var root = _dir.CopySpeechFixture();
        var manifest = _dir["split/manifest.csv"];
        var splitter = new DatasetSplitter(new DatasetSplitOptions
        {
            GroupPattern = Speaker, TrainFraction = 0.5, ValidationFraction = 0.25, TestFraction = 0.25,
            OutputDirectory = _dir["split"], ManifestPath = manifest,
        });
        var entries = splitter.Split(root);

        Assert.Equal(14, entries.Count);
        Assert.All(entries, e => Assert.True(File.Exists(e.Path), e.Path));
        Assert.All(entries, e => Assert.Equal(Path.Combine(_dir["split"], e.Split, e.Label, Path.GetFileName(e.SourcePath)), e.Path));
        Assert.All(entries.GroupBy(e => e.Group), g => Assert.Single(g.Select(e => e.Split).Distinct()));
        Assert.Equal(4, entries.Select(e => e.Group).Distinct().Count());

        var rows = ManifestCsv.Read(manifest);
        Assert.Equal(entries.Select(e => e.Path), rows.Select(r => r["Path"]));
        Assert.Equal(entries.Select(e => e.Split), rows.Select(r => r["Split"]));
        Assert.StartsWith("\"Path\",\"Label\",\"Split\",\"Group\",\"SourcePath\"", File.ReadLines(manifest).First());

        // A hand-edited manifest with a relative path reads relative to its own folder.
        File.WriteAllText(_dir["split/edited.csv"], "\"Path\",\"Split\"\n\"train/x.wav\",\"train\"\n");
        Assert.Equal(Path.Combine(_dir["split"], "train", "x.wav"), ManifestCsv.Read(_dir["split/edited.csv"])[0]["Path"]);
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new DatasetSplitter(new DatasetSplitOptions { GroupPattern = "(" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetSplitter(new DatasetSplitOptions { TrainFraction = -1 }));
    }
}
