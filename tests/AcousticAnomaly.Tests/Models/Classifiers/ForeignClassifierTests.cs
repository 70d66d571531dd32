using System.Text.Json;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Classifiers;

/// <summary>
/// A PyTorch-exported CNN (tests/reference/torch_cnn_classifier_fixture.py): input [batch, 1, 32, 20], logits out, no
/// metadata. Given -Labels and MfccImage settings it loads, its logits become torch's softmax probabilities, and it
/// classifies files; without labels it is refused with a clear message.
/// </summary>
public sealed class ForeignClassifierTests
{
    private static readonly string ModelPath = TestPaths.Fixture("classifier", "torch_cnn_mfcc.onnx");
    private static readonly FeatureSettings Mfcc = new() { FeatureSet = FeatureSet.MfccImage };

    [Fact]
    public void MatchesTorchProbabilities()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("classifier", "torch_cnn_mfcc.json")));
        var labels = doc.RootElement.GetProperty("labels").EnumerateArray().Select(v => v.GetString()!).ToArray();
        var x = doc.RootElement.GetProperty("x").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var expected = doc.RootElement.GetProperty("probabilities").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        using var classifier = AudioClassifier.Load(ModelPath, labels, Mfcc);
        Assert.Null(classifier.Metadata);
        var p = classifier.PredictProbabilities(new FeatureMatrix(x, 4, 640));
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - p[i]) < 1e-5, $"p[{i}] {p[i]} vs torch {expected[i]}");
    }

    [Fact]
    public void ClassifiesFilesWithLabelsFromAFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aa-foreign-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var labelsFile = Path.Combine(dir, "labels.txt");
            File.WriteAllLines(labelsFile, ["off", "idle", "", "running"]);
            var clip = Path.Combine(dir, "tone.wav");
            ToneDataset.Write(clip, 500, 1.2, new Random(3));
            using var classifier = AudioClassifier.Load(ModelPath, ClassifierLabels.Resolve([labelsFile]), Mfcc);
            var r = Assert.Single(classifier.Classify(clip));
            Assert.Contains(r.Label, new[] { "off", "idle", "running" });
            Assert.Equal(1.0, r.Probabilities.Values.Sum(), 5);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void RefusesWithoutLabelsOrWithTheWrongCount()
    {
        var e = Assert.Throws<OnnxModelException>(() => AudioClassifier.Load(ModelPath, null, Mfcc));
        Assert.Contains("-Labels", e.Message);
        e = Assert.Throws<OnnxModelException>(() => AudioClassifier.Load(ModelPath, ["a", "b"], Mfcc));
        Assert.Contains("3 classes", e.Message);
        e = Assert.Throws<OnnxModelException>(() => AudioClassifier.Load(ModelPath, ["a", "b", "c"], new FeatureSettings { FeatureSet = FeatureSet.LogMelStats }));
        Assert.Contains("640", e.Message);
    }
}
