using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Tests.Models.Classifiers;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Training;

/// <summary>The speaker/group-aware validation split of classifier training (-GroupPattern).</summary>
public sealed class GroupSplitTests
{
    [Theory]
    [InlineData("/d/yes/0a7c2a8d_nohash_1.wav", "^([0-9a-f]+)_nohash", "0a7c2a8d")]
    [InlineData("/d/yes/0a7c2a8d_nohash_1.wav", "[0-9a-f]+(?=_nohash)", "0a7c2a8d")]
    [InlineData("/d/yes/other.wav", "^([0-9a-f]+)_nohash", "other.wav")]
    public void TheGroupIsTheFirstCaptureOrTheMatchOrTheName(string path, string pattern, string group) =>
        Assert.Equal(group, ClassifierModelTrainer.GroupOf(path, pattern));

    [Fact]
    public void WholeGroupsGoToValidationAndNoGroupIsSplit()
    {
        var groups = Enumerable.Range(0, 60).Select(i => "s" + (i % 12)).ToArray();
        var (train, valid) = ClassifierModelTrainer.GroupSplit(groups, 0.15, seed: 4);
        Assert.Equal(60, train.Length + valid.Length);
        Assert.Empty(train.Select(i => groups[i]).Intersect(valid.Select(i => groups[i])));
        Assert.InRange(valid.Length, 5, 15);   // 9 rows asked for, in whole groups of 5
        Assert.Equal(valid, ClassifierModelTrainer.GroupSplit(groups, 0.15, seed: 4).Validation); // seeded
        Assert.Throws<ArgumentException>(() => ClassifierModelTrainer.GroupSplit(["a", "a"], 0.15, 1));
    }

    [Fact]
    public void TrainingHoldsOutWholeGroups()
    {
        using var tones = new ToneDataset(clipsPerLabel: 6);
        var path = Path.Combine(tones.Root, "m.onnx");
        // ToneDataset names clips <label>_<i>.wav: grouping by i keeps every label's clip i on one side.
        var options = new ClassifierOptions { Architecture = ClassifierArchitecture.Mlp, Epochs = 3, Width = 8, BatchSize = 8, Seed = 1, ValidationFraction = 0.3, GroupPattern = @"_(\d+)\.wav$" };
        var result = new ClassifierModelTrainer(options).Train(LabelledFolders.Read(tones.Root), path);
        Assert.Equal(0, result.ValidationClips % 3);   // whole groups of three clips (one per label)
        Assert.InRange(result.ValidationClips, 3, 9);
        Assert.Equal(18, result.TrainingClips + result.ValidationClips);
    }
}
