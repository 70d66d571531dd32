using System.Text.Json;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Classifiers;

/// <summary>
/// A foreign raw-audio classifier (tests/reference/torch_raw_audio_classifier_fixture.py): input "samples" [batch, 8000]
/// = 1 s at 8 kHz, the YAMNet-style interface. Given -Labels, -RawAudio and the sample rate it loads, gives torch's
/// probabilities for the same samples, classifies files in chunks (resampled to its rate) and live windows alike.
/// </summary>
public sealed class RawAudioClassifierTests
{
    private static readonly string ModelPath = TestPaths.Fixture("classifier", "torch_raw_audio.onnx");
    private static readonly string[] Labels = ["off", "idle", "running"];
    private static readonly FeatureSettings Rate8k = FeatureSettings.Create(null, 8000);

    private static AudioClassifier Load() => AudioClassifier.Load(ModelPath, Labels, Rate8k, rawAudio: true);

    [Fact]
    public void MatchesTorchProbabilitiesOnTheSameSamples()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("classifier", "torch_raw_audio.json")));
        int rate = doc.RootElement.GetProperty("rate").GetInt32();
        var tones = doc.RootElement.GetProperty("tones").EnumerateArray().Select(t => (t.GetProperty("hz").GetDouble(), t.GetProperty("amplitude").GetDouble())).ToArray();
        var expected = doc.RootElement.GetProperty("probabilities").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        using var classifier = Load();
        Assert.True(classifier.RawAudio);
        Assert.Equal(8000, classifier.RawSamples);
        Assert.False(classifier.HasEmbedding);
        var x = new float[tones.Length * 8000];
        for (int r = 0; r < tones.Length; r++)
            for (int n = 0; n < 8000; n++) x[r * 8000 + n] = (float)(tones[r].Item2 * Math.Sin(2 * Math.PI * tones[r].Item1 * n / rate));
        var p = classifier.PredictProbabilities(new FeatureMatrix(x, tones.Length, 8000));
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - p[i]) < 1e-5, $"p[{i}] {p[i]} vs torch {expected[i]}");
    }

    [Fact]
    public void ClassifiesAFileInOneSecondChunksAndLiveWindowsAlike()
    {
        var dir = Directory.CreateTempSubdirectory("aa-rawaudio-").FullName;
        try
        {
            var clip = Path.Combine(dir, "tone.wav");
            ToneDataset.Write(clip, 700, 2.5, new Random(5)); // 16 kHz: resampled to the model's 8 kHz
            using var classifier = Load();
            var chunks = classifier.Classify(clip, 1.0);
            Assert.Equal([0.0, 1.0, 2.0], chunks.Select(c => c.Offset));
            Assert.All(chunks, c => Assert.Equal(1.0, c.Probabilities.Values.Sum(), 5));
            // The whole file is one input row, truncated to the model's 8000 samples: the first chunk's result.
            var whole = Assert.Single(classifier.Classify(clip));
            Assert.Equal(chunks[0].Probability, whole.Probability, 6);

            // The live path (tensors bound once) gives what the file path gives the same samples; the short last
            // chunk is padded with zeros the same way.
            var mono = classifier.Extractor.ToMono(AcousticAnomaly.Audio.AudioFile.ReadAll(clip));
            using var window = classifier.CreateWindowClassifier();
            foreach (var (start, length) in new[] { (0, 8000), (8000, 8000), (16000, 4000) })
            {
                var (label, probability) = window.Classify(mono.AsSpan(start, length));
                var offline = classifier.Classify("x", 0, mono.AsSpan(start, length));
                Assert.Equal(offline.Label, window.LabelOf(label));
                Assert.Equal(offline.Probability, probability, 5);
            }
            Assert.Equal(chunks[2].Probability, classifier.Classify("x", 0, mono.AsSpan(16000)).Probability, 6);

            // Warm, a window of raw samples allocates nothing (the live path's discipline).
            window.Classify(mono.AsSpan(0, 8000));
            long before = GC.GetAllocatedBytesForCurrentThread();
            window.Classify(mono.AsSpan(8000, 8000));
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void FeatureRowsAndOurModelsAreRefusedAsRawAudioAndViceVersa()
    {
        // Without -RawAudio the 8000-sample input is taken for feature rows and does not fit the feature settings.
        var e = Assert.Throws<OnnxModelException>(() => AudioClassifier.Load(ModelPath, Labels, Rate8k));
        Assert.Contains("8000 values per row", e.Message);
        // The MFCC CNN takes [N, 1, 32, 20]: not samples.
        e = Assert.Throws<OnnxModelException>(() => AudioClassifier.Load(TestPaths.Fixture("classifier", "torch_cnn_mfcc.onnx"), Labels, Rate8k, rawAudio: true));
        Assert.Contains("[N, S]", e.Message);
    }
}
