using Xunit;
using AcousticAnomaly.Datasets;
using AcousticAnomaly.Tests.Capture;

namespace AcousticAnomaly.Tests.Datasets;

public sealed class LevelAccumulatorTests
{
    [Fact]
    public void IntervalsAreExactFrameCountsAcrossBlocks()
    {
        var levels = new LevelAccumulator("mic", 16000, 1, TimeSpan.FromMilliseconds(100));
        var done = new List<AudioLevel>();
        var tone = Signals.Sine(1000, 0.35, 16000, 0.5);
        var t0 = DateTimeOffset.UnixEpoch;
        for (int i = 0; i < tone.Length; i += 1000) levels.Add(tone.AsSpan(i, Math.Min(1000, tone.Length - i)), t0 + TimeSpan.FromSeconds(i / 16000.0), done);
        Assert.Equal(3, done.Count);
        Assert.Equal([0.0, 0.1, 0.2], done.Select(l => Math.Round(l.Offset, 6)));
        Assert.Equal(t0 + TimeSpan.FromSeconds(0.1), done[1].Time);
        Assert.All(done, l => Assert.Equal(20 * Math.Log10(0.5 / Math.Sqrt(2)), l.RmsDb, 3));
        Assert.All(done, l => Assert.Equal(20 * Math.Log10(0.5), l.PeakDb, 2));
    }
}

/// <summary>The meter on a virtual microphone, against the level of the samples it plays.</summary>
[Collection(CaptureCollection.Name)]
public sealed class AudioLevelMeterTests(VirtualMicrophones mics)
{
    [Fact]
    public void MeasuresTheVirtualMicrophonePerInterval()
    {
        var options = new AudioLevelOptions { Duration = TimeSpan.FromSeconds(1), Capture = new() { SpeedLimit = 20 } };
        var levels = AudioLevelMeter.Measure(VirtualMicrophones.Normal, options).ToList();
        Assert.Equal(10, levels.Count);
        for (int i = 0; i < 10; i++)
        {
            var part = mics.NormalSamples.Skip(i * 1600).Take(1600).Select(s => s / 32768.0).ToArray();
            Assert.Equal(10 * Math.Log10(part.Average(x => x * x)), levels[i].RmsDb, 6);
            Assert.Equal(20 * Math.Log10(part.Max(Math.Abs)), levels[i].PeakDb, 6);
        }
    }

    [Fact]
    public void TheCliPrintsOneRowPerInterval()
    {
        var (code, stdout, stderr) = CliRunner.Run(mics, "level", "--device", VirtualMicrophones.Normal, "--duration", "0.5", "--interval", "0.25");
        Assert.True(code == 0, stderr);
        var lines = stdout.Trim().Split('\n');
        Assert.Equal("\"Device\",\"Offset\",\"Time\",\"RmsDb\",\"PeakDb\"", lines[0].TrimEnd('\r'));
        Assert.Equal(3, lines.Length);
    }
}
