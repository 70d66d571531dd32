using Xunit;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Tests.Capture;

namespace AcousticAnomaly.Tests.Datasets;

/// <summary>`record --label` writes into the label's folder; `--match-longest-clip` takes the longest clip there as the clip length.</summary>
[Collection(CaptureCollection.Name)]
public sealed class RecordLabelVerbTests(VirtualMicrophones mics) : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LabelledClipsMatchTheLongestClipAlreadyThere()
    {
        Signals.Write(_dir["data/snap/first.wav"], 16000, 1, new float[4000]); // 0.25 s
        var (code, _, stderr) = CliRunner.Run(mics, "record", "--device", VirtualMicrophones.Normal, "--output-dir", _dir["data"],
            "--label", "snap", "--match-longest-clip", "--duration", "1", "--max-speed", "20");
        Assert.True(code == 0, stderr);
        var clips = Directory.GetFiles(_dir["data/snap"], "*.wav").Where(f => !f.EndsWith("first.wav")).ToList();
        Assert.Equal(4, clips.Count);
        Assert.All(clips, c => Assert.Equal(4000, AudioFile.ReadAll(c).Frames));

        (code, _, stderr) = CliRunner.Run(mics, "record", "--device", VirtualMicrophones.Normal, "--output-dir", _dir["data"],
            "--label", "empty", "--match-longest-clip", "--duration", "1");
        Assert.Equal(2, code);
        Assert.Contains("no readable clip", stderr);
    }
}
