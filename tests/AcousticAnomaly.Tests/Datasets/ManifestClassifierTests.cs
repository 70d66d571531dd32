using AcousticAnomaly.Datasets;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Training;
using Xunit;
using AcousticAnomaly.Tests.Models.Classifiers;

namespace AcousticAnomaly.Tests.Datasets;

/// <summary>
/// Classifier training and evaluation on a split manifest (Split-AudioDataset's CSV): the train side is trained on, the
/// validation side decides early stopping (no share of the training clips is held out), the test side is evaluated.
/// </summary>
public sealed class ManifestClassifierTests : IDisposable
{
    private readonly ToneDataset _data = new(clipsPerLabel: 6);
    private readonly string _dir = Directory.CreateTempSubdirectory("aa-manifest-classifier-").FullName;
    private readonly string _manifest;

    /// <summary>Per label: clips 0-2 train, 3 validation, 4-5 test; paths written relative to the manifest, as a hand-made
    /// or moved manifest has them.</summary>
    public ManifestClassifierTests()
    {
        var rows = LabelledFolders.Read(_data.Root).Select(f =>
        {
            int i = int.Parse(Path.GetFileNameWithoutExtension(f.Path).Split('_')[1]);
            var split = i < 3 ? DatasetSplitNames.Train : i == 3 ? DatasetSplitNames.Validation : DatasetSplitNames.Test;
            return new DatasetSplitEntry(Path.GetRelativePath(_dir, f.Path), f.Label, split, Path.GetFileName(f.Path), f.Path);
        });
        _manifest = Path.Combine(_dir, "split.csv");
        ManifestCsv.Write(_manifest, rows);
    }

    public void Dispose()
    {
        _data.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static ClassifierOptions Small => new() { Architecture = ClassifierArchitecture.Mlp, Epochs = 10, Width = 8, BatchSize = 4, LearningRate = 0.01, Seed = 1 };

    [Fact]
    public void TrainsOnTheTrainSideStopsOnTheValidationSideAndEvaluatesTheTestSide()
    {
        Assert.True(LabelledDataSource.IsManifest(_manifest));
        var (train, validation) = LabelledDataSource.ForTraining(_manifest);
        Assert.Equal(9, train.Count);
        Assert.Equal(3, validation!.Count);
        Assert.All(train.Concat(validation), f => Assert.True(File.Exists(f.Path), f.Path));

        var model = Path.Combine(_dir, "m.onnx");
        var result = new ClassifierModelTrainer(Small).Train(train, model, validation: validation);
        Assert.Equal(9, result.TrainingClips);
        Assert.Equal(3, result.ValidationClips);

        var test = LabelledDataSource.ForEvaluation(_manifest);
        Assert.Equal(6, test.Count);
        Assert.Empty(test.Select(f => f.Path).Intersect(train.Concat(validation).Select(f => f.Path)));
        using var classifier = AudioClassifier.Load(model);
        var (report, _) = ClassifierEvaluation.Evaluate(classifier, test);
        Assert.Equal(6, report.Clips);
    }

    [Fact]
    public void AValidationLabelWithoutTrainingClipsIsReportedAndLeftOut()
    {
        var (train, validation) = LabelledDataSource.ForTraining(_manifest);
        var odd = validation!.Append(new LabelledAudioFile(validation![0].Path, "unknown")).ToList();
        var errors = new List<string>();
        var result = new ClassifierModelTrainer(Small).Train(train, Path.Combine(_dir, "m.onnx"), (f, e) => errors.Add(e.Message), validation: odd);
        Assert.Equal(3, result.ValidationClips);
        Assert.Equal(1, result.SkippedClips);
        Assert.Contains("'unknown'", Assert.Single(errors));
    }

    [Fact]
    public void TheCliTrainsAndEvaluatesOnAManifest()
    {
        var model = Path.Combine(_dir, "cli.onnx");
        var (code, stdout, stderr) = CliRunner.Run("train", "classifier", _manifest, "-o", model, "-a", "Mlp", "--epochs", "3", "--seed", "1", "-q");
        Assert.True(code == 0, stderr);
        var row = CliRunner.ParseCsv(stdout)[1];
        Assert.Equal(["9", "3"], row[3..5]);
        (code, _, stderr) = CliRunner.Run("evaluate", "classifier", _manifest, "-m", model);
        Assert.True(code == 0, stderr);
        Assert.Contains("on 6 clips", stderr);
    }

    [Fact]
    public void AFileThatIsNotASplitManifestIsRefusedByName()
    {
        var csv = Path.Combine(_dir, "other.csv");
        File.WriteAllText(csv, "\"Path\",\"Score\"\n\"a.wav\",\"1\"\n");
        var e = Assert.Throws<InvalidDataException>(() => LabelledDataSource.ForTraining(csv));
        Assert.Contains(csv, e.Message);
        Assert.Contains("'Label'", e.Message);
    }
}
