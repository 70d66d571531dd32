using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Classifiers;

/// <summary>`train classifier`, `classify` and `evaluate classifier` through the real CLI process.</summary>
public sealed class ClassifierVerbTests : IDisposable
{
    private readonly ToneDataset _data = new(clipsPerLabel: 6);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aa-classifier-cli-" + Guid.NewGuid().ToString("N"));

    public ClassifierVerbTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void TrainClassifyEvaluate()
    {
        var model = Path.Combine(_dir, "m.onnx");
        var (code, stdout, stderr) = CliRunner.Run("train", "classifier", _data.Root, "-o", model, "--architecture", "Mlp", "--epochs", "15",
            "--batch-size", "6", "--learning-rate", "0.01", "--seed", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("epoch 1/15", stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(CliRunner.HeaderOf<ClassifierTrainingResult>(), rows[0]);
        Assert.Equal("high,low,mid", rows[1][2]);

        var low = Directory.GetFiles(Path.Combine(_data.Root, "low"));
        (code, stdout, stderr) = CliRunner.Run(["classify", "-m", model, .. low]);
        Assert.True(code == 0, stderr);
        rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(["Path", "Offset", "Label", "Probability", "P_high", "P_low", "P_mid", "InferenceMs"], rows[0]);
        Assert.Equal(low.Length, rows.Count - 1);
        Assert.True(rows.Skip(1).Count(r => r[2] == "low") >= low.Length - 1, stdout);

        (code, stdout, stderr) = CliRunner.Run("evaluate", "classifier", _data.Root, "-m", model);
        Assert.True(code == 0, stderr);
        rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(CliRunner.HeaderOf<ClassMetrics>(), rows[0]);
        Assert.Equal(["high", "low", "mid", "macro avg", "weighted avg"], rows.Skip(1).Select(r => r[0]));
        Assert.Contains("accuracy", stderr);
    }

    [Fact]
    public void ClassifyWithAForeignRawAudioModelGivesTheInProcessProbabilities()
    {
        // The YAMNet-style interface through the CLI: --raw-audio, --sample-rate and --labels (a file here) load a
        // PyTorch-exported model over samples [N, 8000]; each 1-s chunk's row equals the library's own result.
        var raw = TestPaths.Fixture("classifier", "torch_raw_audio.onnx");
        var clip = Path.Combine(_dir, "tone.wav");
        ToneDataset.Write(clip, 700, 2.5, new Random(5));
        var labelFile = Path.Combine(_dir, "labels.txt");
        File.WriteAllLines(labelFile, ["off", "idle", "running"]);

        var (code, stdout, stderr) = CliRunner.Run("classify", clip, "-m", raw, "--raw-audio", "--sample-rate", "8000",
            "--labels", labelFile, "--segment-duration", "1");
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(["Path", "Offset", "Label", "Probability", "P_off", "P_idle", "P_running", "InferenceMs"], rows[0]);
        using var classifier = AcousticAnomaly.Models.Classifiers.AudioClassifier.Load(raw, ["off", "idle", "running"],
            AcousticAnomaly.Features.FeatureSettings.Create(null, 8000), rawAudio: true);
        var expected = classifier.Classify(clip, 1.0);
        Assert.Equal(expected.Count, rows.Count - 1);
        for (int i = 0; i < expected.Count; i++)
        {
            var row = rows[i + 1];
            Assert.Equal(expected[i].Offset, double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Label, row[2]);
            string[] labels = ["off", "idle", "running"];
            for (int c = 0; c < 3; c++)
                Assert.Equal(expected[i].Probabilities[labels[c]], double.Parse(row[4 + c], System.Globalization.CultureInfo.InvariantCulture), 5);
        }

        // Without --raw-audio the same model is read as a feature model: a clear error, exit code 2, no stack trace.
        (code, _, stderr) = CliRunner.Run("classify", clip, "-m", raw, "--sample-rate", "8000", "--labels", labelFile);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void TrainingRegularisersReachTheTrainerAndTheModelsSummary()
    {
        var model = Path.Combine(_dir, "r.onnx");
        var (code, _, stderr) = CliRunner.Run("train", "classifier", _data.Root, "-o", model, "--architecture", "Cnn1d", "--epochs", "2",
            "--batch-size", "6", "--fixed-frames", "8", "--seed", "1", "--time-shift", "0.25", "--mixup", "0.4", "--label-smoothing", "0.05",
            "--weight-decay", "0.02", "--learning-rate-decay", "true", "--width", "16");
        Assert.True(code == 0, stderr);
        var p = ClassifierMetadata.ReadFromModel(model)!.Training.Parameters;
        Assert.Equal("0.25", p["time_shift"]);
        Assert.Equal("0.4", p["mixup"]);
        Assert.Equal("0.05", p["label_smoothing"]);
        Assert.Equal("0.02", p["weight_decay"]);
        Assert.Equal("true", p["learning_rate_decay"]);
        Assert.Equal("16", p["width"]);

        (code, _, stderr) = CliRunner.Run("train", "classifier", _data.Root, "-o", model, "--force", "--time-shift", "1");
        Assert.Equal(2, code);
        Assert.Contains("TimeShift", stderr);
    }

    public void Dispose()
    {
        _data.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
