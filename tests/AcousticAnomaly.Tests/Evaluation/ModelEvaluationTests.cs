using AcousticAnomaly.Audio;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Plots;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

/// <summary>The evaluation service end to end: a real Isolation Forest, real FLAC clips, real ONNX Runtime.</summary>
public class ModelEvaluationTests(EvaluationModelFixture fixture) : IClassFixture<EvaluationModelFixture>
{
    private static IReadOnlyList<LabelledClip> FixtureClips() =>
        ModelEvaluation.FromPaths([EvaluationModelFixture.NormalDir], [EvaluationModelFixture.AbnormalDir]);

    /// <summary>Scores the way a user of Predictor would, independently of the evaluation service.</summary>
    private List<(string Path, bool Positive, double Score)> PredictorScores(IEnumerable<(string Path, bool Positive)> files)
    {
        using var model = AnomalyModel.Load(fixture.ModelPath);
        var predictor = new Predictor(model);
        return files.Select(f => (f.Path, f.Positive, predictor.Predict(f.Path).Single().Score)).ToList();
    }

    private static IEnumerable<(string, bool)> FixtureFiles() =>
        Directory.GetFiles(EvaluationModelFixture.NormalDir).Select(f => (f, false))
            .Concat(Directory.GetFiles(EvaluationModelFixture.AbnormalDir).Select(f => (f, true)));

    [Fact]
    public void FoldersExpandToTheirAudioFilesSorted()
    {
        var clips = FixtureClips();
        Assert.Equal(8, clips.Count);
        var normal = clips.Where(c => c.Label == ClipLabels.Normal).Select(c => c.Path).ToList();
        Assert.Equal(Directory.GetFiles(EvaluationModelFixture.NormalDir).Order(StringComparer.Ordinal), normal);
        Assert.All(clips.Take(4), c => Assert.Equal(ClipLabels.Normal, c.Label));
        Assert.All(clips.Skip(4), c => Assert.Equal(ClipLabels.Anomaly, c.Label));
    }

    [Fact]
    public void FolderExpansionSkipsOtherFilesAndSubfolders()
    {
        var dir = fixture.NewDirectory();
        foreach (var name in new[] { "b.WAV", "a.flac", "notes.txt", "c.mp3" }) File.WriteAllText(Path.Combine(dir, name), "x");
        Directory.CreateDirectory(Path.Combine(dir, "sub.wav"));
        var files = ModelEvaluation.ExpandAudioFiles([dir, "/no/such/file.wav"]);
        Assert.Equal([Path.Combine(dir, "a.flac"), Path.Combine(dir, "b.WAV"), "/no/such/file.wav"], files);
    }

    [Fact]
    public void MetricsEqualRocMetricsAndConfusionMatrixOnThePredictorsScores()
    {
        var run = new ModelEvaluation(new ModelEvaluationOptions { ModelPath = fixture.ModelPath }).Evaluate(FixtureClips());

        var reference = PredictorScores(FixtureFiles());
        var positive = reference.Select(r => r.Positive).ToArray();
        var scores = reference.Select(r => r.Score).ToArray();
        var roc = RocCurve.Compute(positive, scores);
        using var model = AnomalyModel.Load(fixture.ModelPath);
        var cm = ConfusionMatrix.At(positive, scores, model.Threshold);

        var r = run.Result;
        Assert.Equal("valve.onnx", r.Model);
        Assert.Equal(4, r.NormalCount);
        Assert.Equal(4, r.AbnormalCount);
        Assert.Equal(RocMetrics.Auc(roc), r.Auc);
        Assert.Equal(RocMetrics.StandardizedPartialAuc(roc), r.PAuc);
        Assert.Equal(model.Threshold, r.Threshold);
        Assert.Equal((cm.TruePositives, cm.FalsePositives, cm.TrueNegatives, cm.FalseNegatives),
            (r.TruePositives, r.FalsePositives, r.TrueNegatives, r.FalseNegatives));
        Assert.Equal((cm.Precision, cm.Recall, cm.F1, cm.Accuracy), (r.Precision, r.Recall, r.F1, r.Accuracy));
        // The clips the result came from carry exactly the Predictor's scores.
        Assert.Equal(reference.ToDictionary(x => x.Path, x => x.Score), run.Clips.ToDictionary(c => c.Path, c => c.Score));
        Assert.Null(run.ReportPath);
    }

    [Fact]
    public void ThresholdOverrideMovesTheConfusionMatrixButNotTheAuc()
    {
        var atModel = new ModelEvaluation(new ModelEvaluationOptions { ModelPath = fixture.ModelPath }).Evaluate(FixtureClips());
        var everything = atModel.Clips.Min(c => c.Score) - 1;
        var run = new ModelEvaluation(new ModelEvaluationOptions
        {
            ModelPath = fixture.ModelPath,
            Overrides = new ModelOverrides(Threshold: everything),
        }).Evaluate(FixtureClips());
        Assert.Equal(atModel.Result.Auc, run.Result.Auc);
        Assert.Equal(everything, run.Result.Threshold);
        Assert.Equal((4, 4, 0, 0), (run.Result.TruePositives, run.Result.FalsePositives, run.Result.TrueNegatives, run.Result.FalseNegatives));
        Assert.Equal(1.0, run.Result.Recall);
        Assert.Equal(0.5, run.Result.Precision);
    }

    [Fact]
    public void ACorruptFileIsReportedOnceAndTheRestAreMeasured()
    {
        var dir = fixture.NewDirectory();
        foreach (var f in Directory.GetFiles(EvaluationModelFixture.NormalDir)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var corrupt = Path.Combine(dir, "zz_corrupt.flac");
        var good = File.ReadAllBytes(Directory.GetFiles(dir)[0]);
        File.WriteAllBytes(corrupt, good.AsSpan(0, 300).ToArray()); // a FLAC header cut off inside the first frame

        var errors = new List<(string Path, Exception Error)>();
        var progress = new List<ModelEvaluationProgress>();
        var run = new ModelEvaluation(new ModelEvaluationOptions { ModelPath = fixture.ModelPath })
            .Evaluate(ModelEvaluation.FromPaths([dir], [EvaluationModelFixture.AbnormalDir]), (p, e) => errors.Add((p, e)),
                new SynchronousProgress<ModelEvaluationProgress>(progress.Add));

        var error = Assert.Single(errors);
        Assert.Equal(corrupt, error.Path);
        Assert.IsType<AudioFileException>(error.Error);
        Assert.Contains(corrupt, error.Error.Message);
        Assert.Equal(4, run.Result.NormalCount);
        Assert.Equal(4, run.Result.AbnormalCount);
        Assert.DoesNotContain(run.Clips, c => c.Path == corrupt);
        Assert.Contains(progress, p => p.Stage == "Scoring" && p.CurrentFile == corrupt);
        Assert.Equal(100, progress.Last().PercentComplete);
    }

    [Fact]
    public void ABadTruthLabelStopsBeforeAnyScoring()
    {
        var clips = FixtureClips().ToList();
        clips[2] = clips[2] with { Label = "broken" };
        var errors = new List<string>();
        var e = Assert.Throws<ArgumentException>(() =>
            new ModelEvaluation(new ModelEvaluationOptions { ModelPath = fixture.ModelPath }).Evaluate(clips, (p, _) => errors.Add(p)));
        Assert.Contains(clips[2].Path, e.Message);
        Assert.Contains("'broken'", e.Message);
        Assert.Empty(errors);
    }

    [Fact]
    public void NoScorableClipOfOneClassIsAClearError()
    {
        var clips = FixtureClips().Where(c => c.Label == ClipLabels.Normal)
            .Append(new LabelledClip("/no/such/anomaly.wav", "abnormal")).ToList();
        var errors = new List<string>();
        var e = Assert.Throws<InvalidOperationException>(() =>
            new ModelEvaluation(new ModelEvaluationOptions { ModelPath = fixture.ModelPath }).Evaluate(clips, (p, _) => errors.Add(p)));
        Assert.Contains("4 normal and 0 anomalous", e.Message);
        Assert.Equal(["/no/such/anomaly.wav"], errors);
    }

    [Fact]
    public void AMissingModelNamesTheFile()
    {
        var e = Assert.Throws<OnnxModelException>(() =>
            new ModelEvaluation(new ModelEvaluationOptions { ModelPath = "/no/such/model.onnx" }).Evaluate(FixtureClips()));
        Assert.Contains("/no/such/model.onnx", e.Message);
    }

    [Fact]
    public void PreScoredClipsAreMeasuredWithoutAModel()
    {
        var clips = new[]
        {
            new LabelledClip("a.wav", "0", 0.1), new LabelledClip("b.wav", "normal", 0.4),
            new LabelledClip("c.wav", "1", 0.35), new LabelledClip("d.wav", "anomaly", 0.9),
            new LabelledClip("e.wav", "normal"), // no score: reported, left out
        };
        var errors = new List<(string Path, Exception Error)>();
        var run = new ModelEvaluation(new ModelEvaluationOptions { Overrides = new ModelOverrides(Threshold: 0.3), ModelName = "fan.onnx" })
            .Evaluate(clips, (p, e) => errors.Add((p, e)));

        var expected = new ModelEvaluator().Evaluate(
            [ScoredClip.Decide("a.wav", "normal", 0.1, 0.3), ScoredClip.Decide("b.wav", "normal", 0.4, 0.3),
             ScoredClip.Decide("c.wav", "anomaly", 0.35, 0.3), ScoredClip.Decide("d.wav", "anomaly", 0.9, 0.3)], 0.3, "fan.onnx");
        Assert.Equal(expected, run.Result);
        Assert.Equal(0.75, run.Result.Auc);
        var error = Assert.Single(errors);
        Assert.Equal("e.wav", error.Path);
        Assert.Contains("no score", error.Error.Message);
    }

    [Fact]
    public void PreScoredClipsNeedAThreshold()
    {
        var e = Assert.Throws<ArgumentException>(() => new ModelEvaluation(new ModelEvaluationOptions()));
        Assert.Contains("threshold", e.Message);
    }

    [Fact]
    public void ReportIsSelfContainedAndListsEveryFileWithSpectrogramsOfTheWorst()
    {
        var report = Path.Combine(fixture.NewDirectory(), "sub", "report.html");
        var run = new ModelEvaluation(new ModelEvaluationOptions { ModelPath = fixture.ModelPath, ReportPath = report, ReportSpectrograms = 3 })
            .Evaluate(FixtureClips());

        Assert.Equal(report, run.ReportPath);
        var html = File.ReadAllText(report);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
        // The SVG namespace is an identifier, never fetched; nothing else may point outside the file.
        var outside = html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        Assert.DoesNotContain("http:", outside);
        Assert.DoesNotContain("https:", outside);
        Assert.DoesNotContain("<script", outside, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", outside, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", outside);
        // Every file is listed: the full path as the tooltip, shown relative to the folder all the clips share.
        var shared = TestPaths.Fixture("evaluation-audio") + Path.DirectorySeparatorChar;
        Assert.Contains($"paths relative to <span class=\"path\">{shared}</span>", html);
        foreach (var clip in run.Clips)
            Assert.Contains($"<td class=\"path\" title=\"{clip.Path}\">{Path.GetRelativePath(shared, clip.Path)}</td>", html);
        Assert.Equal(3, CountOf(html, "src=\"data:image/png;base64,"));

        // The pictures are the log-mel of the worst clips with the model's settings, rendered by SpectrogramRenderer.
        var worst = HtmlReport.WorstClips(run.Clips, run.Result.Threshold, 3);
        var extractor = new FeatureExtractor(new FeatureSettings());
        foreach (var clip in worst)
        {
            var png = new SpectrogramRenderer().RenderPng(extractor.LogMel(AudioFile.ReadAll(clip.Path)).ToArrays());
            Assert.Contains(Convert.ToBase64String(png), html);
        }
    }

    private static int CountOf(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, on the calling thread.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
