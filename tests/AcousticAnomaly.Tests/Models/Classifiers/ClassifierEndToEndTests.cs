using AcousticAnomaly.Audio;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Classifiers;

/// <summary>
/// Train each architecture on synthetic tones, write the .onnx, run it in ONNX Runtime: the graph gives the same
/// probabilities as our own forward pass, the labels come back from the metadata, and the tones are told apart.
/// </summary>
public sealed class ClassifierEndToEndTests : IDisposable
{
    private readonly ToneDataset _data = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aa-classifier-" + Guid.NewGuid().ToString("N"));

    public ClassifierEndToEndTests() => Directory.CreateDirectory(_dir);

    private static ClassifierOptions Small(ClassifierArchitecture a) => new() { Architecture = a, Epochs = 12, Width = 8, BatchSize = 8, LearningRate = 0.01, Seed = 3, Patience = 12 };

    [Theory]
    [InlineData(ClassifierArchitecture.Mlp)]
    [InlineData(ClassifierArchitecture.Cnn1d)]
    [InlineData(ClassifierArchitecture.Cnn2d)]
    public void TrainsExportsAndRunsInOnnxRuntime(ClassifierArchitecture architecture)
    {
        var files = LabelledFolders.Read(_data.Root);
        var settings = ClassifierOptions.DefaultFeatures(architecture) with { FixedFrames = 16 };
        var (x, used) = ClassifierModelTrainer.ExtractAll(files, settings, 1, null, default);
        var labels = new[] { "high", "low", "mid" };
        var y = used.Select(i => Array.IndexOf(labels, files[i].Label)).ToArray();
        var epochs = new List<ClassifierEpoch>();
        var model = new ClassifierTrainer(Small(architecture)).Train(x, y, labels, settings, null, new SyncProgress<ClassifierEpoch>(epochs.Add));
        Assert.NotEmpty(epochs);
        Assert.True(model.Summary.BestEpoch >= 1);

        var path = Path.Combine(_dir, $"{architecture}.onnx");
        ClassifierOnnxExporter.Export(model, path);
        using var classifier = AudioClassifier.Load(path);
        Assert.Equal(labels, classifier.Labels);
        Assert.Equal(settings, classifier.Features);
        Assert.Equal(architecture.ToString(), classifier.Metadata!.Architecture);

        var ours = model.PredictProbabilities(x);
        var onnx = classifier.PredictProbabilities(x);
        for (int i = 0; i < ours.Length; i++) Assert.True(Math.Abs(ours[i] - onnx[i]) < 1e-4, $"{architecture} probability {i}: ours {ours[i]} vs ORT {onnx[i]}");

        // The "embedding" output is the penultimate layer, in ONNX Runtime as in our own forward pass.
        Assert.True(classifier.HasEmbedding);
        var ourEmbedding = model.PredictEmbeddings(x);
        var onnxEmbedding = classifier.PredictEmbeddings(x)!;
        Assert.Equal(x.Rows * model.EmbeddingSize, onnxEmbedding.Length);
        for (int i = 0; i < ourEmbedding.Length; i++)
            Assert.True(Math.Abs(ourEmbedding[i] - onnxEmbedding[i]) < 1e-3 * Math.Max(1, Math.Abs(ourEmbedding[i])), $"{architecture} embedding {i}: ours {ourEmbedding[i]} vs ORT {onnxEmbedding[i]}");

        var (report, _) = ClassifierEvaluation.Evaluate(classifier, files);
        Assert.True(report.Accuracy >= 0.9, $"{architecture} accuracy {report.Accuracy}");
    }

    [Fact]
    public void GraphLabelOutputIsTheArgmax()
    {
        var files = LabelledFolders.Read(_data.Root);
        var trainer = new ClassifierModelTrainer(Small(ClassifierArchitecture.Mlp));
        var path = Path.Combine(_dir, "m.onnx");
        var result = trainer.Train(files, path);
        Assert.Equal("high,low,mid", result.Labels);
        using var session = OnnxSession.Open(path);
        Assert.Equal(["probabilities", "label", "embedding"], session.Outputs.Select(o => o.Name));
        var (x, _) = ClassifierModelTrainer.ExtractAll(files, trainer.Features, 1, null, default);
        var outputs = session.Run("X", OnnxTensor.FromFloat(x.Data, x.Rows, x.Columns));
        var p = outputs["probabilities"].AsFloat();
        var label = outputs["label"].AsInt64();
        for (int r = 0; r < x.Rows; r++)
        {
            var row = p.AsSpan(r * 3, 3);
            Assert.Equal(1.0, row[0] + row[1] + row[2], 4);
            Assert.Equal(row.IndexOf(Max(row)), (int)label[r]);
        }
        Assert.Throws<IOException>(() => trainer.Train(files, path));
    }

    private static float Max(ReadOnlySpan<float> s)
    {
        float m = s[0];
        foreach (var v in s) m = Math.Max(m, v);
        return m;
    }

    [Fact]
    public void SegmentsAreClassifiedWithOffsets()
    {
        var files = LabelledFolders.Read(_data.Root);
        var path = Path.Combine(_dir, "seg.onnx");
        new ClassifierModelTrainer(Small(ClassifierArchitecture.Cnn1d)).Train(files, path);
        var longClip = Path.Combine(_dir, "long.wav");
        ToneDataset.Write(longClip, 300, 2.5, new Random(1));
        using var classifier = AudioClassifier.Load(path);
        var results = classifier.Classify(longClip, 1.0);
        Assert.Equal([0.0, 1.0, 2.0], results.Select(r => r.Offset));
        Assert.All(results, r => Assert.Equal(3, r.Probabilities.Count));
        Assert.All(results, r => Assert.Equal(r.Probabilities.Values.Max(), r.Probability, 6));

        // Issue 15 item 13: segments are streamed (mixed and resampled block by block) and hold exactly the samples of
        // the file read whole - here 44.1 kHz stereo past one 64k-frame block, ending in a short last segment.
        var hifi = Path.Combine(_dir, "hifi.wav");
        FlacTestSupport.WriteWav(hifi, FlacTestSupport.Signal(44100 * 5 + 7000, 2, 16, seed: 4), 44100, 2);
        var mono = classifier.Extractor.ToMono(AudioFile.ReadAll(hifi));
        var streamed = classifier.Classify(hifi, 1.5);
        Assert.Equal([0.0, 1.5, 3.0, 4.5], streamed.Select(r => r.Offset));
        int step = (int)Math.Round(1.5 * classifier.Features.SampleRate);
        for (int i = 0; i < streamed.Count; i++)
        {
            var whole = classifier.Classify(hifi, streamed[i].Offset, mono.AsSpan(i * step, Math.Min(step, mono.Length - i * step)));
            Assert.Equal(whole.Probabilities, streamed[i].Probabilities);
        }

        // A whole file is streamed too (its one feature row computed block by block): the same probabilities as the
        // samples read whole, for the Cnn1d's fixed-size input that uses only the file's first frames.
        var single = Assert.Single(classifier.Classify(hifi));
        var all = classifier.Classify(hifi, 0, mono);
        foreach (var (label, p) in all.Probabilities) Assert.Equal(p, single.Probabilities[label], 6);
        Assert.Equal(all.Label, single.Label);
    }

    [Fact]
    public void StratifiedSplitKeepsEveryLabelOnBothSides()
    {
        var labels = Enumerable.Range(0, 30).Select(i => i % 3).ToArray();
        var (train, valid) = ClassifierTrainer.StratifiedSplit(labels, 3, 0.2, 5);
        Assert.Equal(30, train.Length + valid.Length);
        Assert.Empty(train.Intersect(valid));
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(2, valid.Count(i => labels[i] == c)));
        Assert.Equal(valid, ClassifierTrainer.StratifiedSplit(labels, 3, 0.2, 5).Validation);
    }

    [Fact]
    public void ReportMatchesScikitLearnDefinitions()
    {
        // sklearn: classification_report([0,0,1,1,2,2,2], [0,1,1,1,2,0,2]) -> precision 0.5/0.667/1.0, recall 0.5/1.0/0.667.
        var report = ClassificationReport.Create(["a", "b", "c"], [0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2]);
        Assert.Equal(5 / 7.0, report.Accuracy, 12);
        Assert.Equal([0.5, 2 / 3.0, 1.0], report.Classes.Select(c => Math.Round(c.Precision, 12)).ToArray().Select(v => v), new ToleranceComparer());
        Assert.Equal([0.5, 1.0, 2 / 3.0], report.Classes.Select(c => c.Recall), new ToleranceComparer());
        Assert.Equal((0.5 + 0.8 + 0.8) / 3, report.MacroAverage.F1, 12);
        Assert.Equal((0.5 * 2 + 0.8 * 2 + 0.8 * 3) / 7, report.WeightedAverage.F1, 12);
        Assert.Equal([1, 1, 0], report.ConfusionMatrix[0]);
    }

    [Fact]
    public void ImageFeaturesPadAndTruncateToFixedFrames()
    {
        var settings = new FeatureSettings { FeatureSet = FeatureSet.LogMelImage, MelBands = 8, MfccCount = 4, FixedFrames = 10, FftSize = 256, HopLength = 128 };
        var extractor = new FeatureExtractor(settings, 1);
        var shortClip = Enumerable.Range(0, 128 * 4).Select(i => MathF.Sin(i * 0.3f)).ToArray(); // 5 frames (centred)
        var img = extractor.Extract(shortClip);
        Assert.Equal(1, img.Rows);
        Assert.Equal(80, img.Columns);
        var logMel = extractor.LogMel(shortClip);
        Assert.Equal(logMel.Data, img.Data.Take(40));
        Assert.All(img.Data.Skip(40), v => Assert.Equal(0f, v));
        var longClip = Enumerable.Range(0, 128 * 30).Select(i => MathF.Sin(i * 0.3f)).ToArray();
        Assert.Equal(extractor.LogMel(longClip).Data.Take(80), extractor.Extract(longClip).Data);
        var mfcc = new FeatureExtractor(settings with { FeatureSet = FeatureSet.MfccImage }, 1);
        Assert.Equal(40, mfcc.Extract(longClip).Columns);
        Assert.Equal(mfcc.Mfcc(longClip).Data.Take(40), mfcc.Extract(longClip).Data);
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-9;
        public int GetHashCode(double v) => 0;
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    public void Dispose()
    {
        _data.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
