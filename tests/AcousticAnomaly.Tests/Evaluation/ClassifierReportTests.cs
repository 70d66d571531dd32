using System.Text.RegularExpressions;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Tests.Neural;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

/// <summary>The classifier's HTML report on a small Mlp trained on synthetic tones.</summary>
public sealed class ClassifierReportTests : IDisposable
{
    private readonly ToneDataset _data = new(clipsPerLabel: 6);
    private readonly string _dir = Directory.CreateTempSubdirectory("aa-classreport-").FullName;

    public void Dispose()
    {
        _data.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void TheReportHoldsMatrixClassTableScatterAndWorstClips()
    {
        var files = LabelledFolders.Read(_data.Root);
        var model = Path.Combine(_dir, "m.onnx");
        new ClassifierModelTrainer(new ClassifierOptions { Architecture = ClassifierArchitecture.Mlp, Epochs = 10, Width = 8, BatchSize = 8, LearningRate = 0.01, Seed = 1 })
            .Train(files, model);
        using var classifier = AudioClassifier.Load(model);
        var (report, clips) = ClassifierEvaluation.Evaluate(classifier, files);
        var path = Path.Combine(_dir, "report.html");
        ClassifierReportBuilder.Save(path, classifier, report, clips);

        var html = File.ReadAllText(path);
        Assert.Contains("Confusion matrix", html);
        Assert.Contains("<table class=\"cm\">", html);
        foreach (var label in classifier.Labels) Assert.Contains($"<td>{label}</td>", html);
        Assert.Contains("macro avg", html, StringComparison.OrdinalIgnoreCase);
        // One point per clip plus one legend dot per label, and the worst clips as embedded PNG spectrograms.
        Assert.Equal(files.Count + classifier.Labels.Count, Regex.Matches(html, "<circle ").Count);
        Assert.Equal(ClassifierReportBuilder.WorstCount, Regex.Matches(html, "data:image/png;base64,").Count);
        // Three tones at random levels: the labels form groups in feature space (0.33 here), if not tight ones.
        var silhouette = double.Parse(Regex.Match(html, "Silhouette</div><div class=\"kval\">([-0-9.]+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(silhouette, 0.2, 1.0);
        Assert.False(File.Exists(path + ".tmp"));
        // Our models have an "embedding" output: the scatter and silhouette are of the penultimate layer.
        Assert.Contains(ClassifierHtmlReport.EmbeddingSpace + ", 2-D PCA", html);
    }
}
