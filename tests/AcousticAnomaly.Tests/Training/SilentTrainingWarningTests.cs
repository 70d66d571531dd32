using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Training;

/// <summary>Issue 15 item 15: a model trained on all-zero audio warns (trainer callback; CLI "warning:" on stderr).</summary>
public sealed class SilentTrainingWarningTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Clips(bool silent)
    {
        return Enumerable.Range(0, 3).Select(i =>
        {
            string path = Path.Combine(_dir, $"{(silent ? "zero" : "noise")}{i}.wav");
            // The third silent clip holds +-1 LSB, the dither sox writes for silence: just as useless to train on.
            var samples = silent ? Enumerable.Range(0, 16000).Select(k => i == 2 ? k % 3 - 1 : 0).ToArray()
                : FlacTestSupport.Signal(16000, 1, 16, seed: i + 1);
            FlacTestSupport.WriteWav(path, samples, 16000, 1);
            return path;
        }).ToArray();
    }

    private List<string> Train(string[] clips)
    {
        var warnings = new List<string>();
        new ModelTrainer(new IsolationForestDetectorTrainer(new IsolationForestOptions(TreeCount: 10, Seed: 1)))
            .Train(clips, Path.Combine(_dir, Guid.NewGuid() + ".onnx"), onWarning: warnings.Add);
        return warnings;
    }

    [Fact]
    public void AllZeroTrainingAudioWarns()
    {
        var warning = Assert.Single(Train(Clips(silent: true)));
        Assert.Contains("all 3 training clips are digital silence", warning);
    }

    [Fact]
    public void OrdinaryAudioDoesNotWarn() => Assert.Empty(Train(Clips(silent: false)));

    [Fact]
    public void TheCliPrintsTheWarningOnStderr()
    {
        var clips = Clips(silent: true);
        var run = CliRunner.Run(new[] { "train", "iforest", "--trees", "10", "--output", Path.Combine(_dir, "cli.onnx") }.Concat(clips).ToArray());
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: all 3 training clips are digital silence", run.Stderr);
    }
}
