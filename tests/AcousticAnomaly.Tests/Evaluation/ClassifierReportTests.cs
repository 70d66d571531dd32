using System.Text.RegularExpressions;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Tests.Models.Classifiers;
using AcousticAnomaly.Training;
using Xunit;
using AcousticAnomaly.Tests.Plots;

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
        // The pictures are streamed (issue 15 item 13) and equal the whole-file rendering of the clips they show.
        Assert.Equal(ClassifierReportBuilder.WorstCount, files.Count(f => html.Contains(Convert.ToBase64String(new AcousticAnomaly.Plots.SpectrogramRenderer()
            .RenderPng(classifier.Extractor.LogMel(classifier.Extractor.ToMono(AcousticAnomaly.Audio.AudioFile.ReadAll(f.Path))).ToArrays())), StringComparison.Ordinal)));
        // Three tones at random levels: the labels form groups in feature space (0.33 here), if not tight ones.
        var silhouette = double.Parse(Regex.Match(html, "Silhouette</div><div class=\"kval\">([-0-9.]+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(silhouette, 0.2, 1.0);
        Assert.False(File.Exists(path + ".tmp"));
        // Our models have an "embedding" output: the scatter and silhouette are of the penultimate layer.
        Assert.Contains(ClassifierHtmlReport.EmbeddingSpace + ", 2-D PCA", html);
    }

    [Fact]
    public void ImagesAreWrittenWithOrWithoutTheHtmlAndDecode()
    {
        var files = LabelledFolders.Read(_data.Root);
        var model = Path.Combine(_dir, "m.onnx");
        new ClassifierModelTrainer(new ClassifierOptions { Architecture = ClassifierArchitecture.Mlp, Epochs = 3, Width = 8, BatchSize = 8, Seed = 1 }).Train(files, model);
        using var classifier = AudioClassifier.Load(model);
        var (report, clips) = ClassifierEvaluation.Evaluate(classifier, files);
        var images = Path.Combine(_dir, "pictures");
        var written = ClassifierReportBuilder.Save(null, classifier, report, clips, imageDirectory: images);
        Assert.Equal([Path.Combine(images, ClassifierReportBuilder.ConfusionMatrixFile), Path.Combine(images, ClassifierReportBuilder.ScatterFile)], written);
        foreach (var png in written) Assert.True(MiniPngDecoder.Decode(File.ReadAllBytes(png)).Width > 100, png);
        Assert.Equal(2, Directory.GetFiles(images).Length);

        // The CLI: --report and --images together.
        var html = Path.Combine(_dir, "cli.html");
        var (code, _, stderr) = CliRunner.Run("evaluate", "classifier", _data.Root, "-m", model, "--report", html, "--images", Path.Combine(_dir, "cli-pictures"));
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(html));
        Assert.True(MiniPngDecoder.Decode(File.ReadAllBytes(Path.Combine(_dir, "cli-pictures", ClassifierReportBuilder.ScatterFile))).Height > 100);
    }
}
