using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>
/// Issue 15 item 13: whole-file predict streams the file in blocks (memory flat at any length) and gives exactly the
/// score of the file read whole - across block, batch (1024 vectors) and segment boundaries, in stereo and mono, at the
/// model's rate or resampled to it, and for every one-row-per-clip feature set.
/// </summary>
public sealed class StreamedClipScoreTests(TrainedSampleModel trained) : IClassFixture<TrainedSampleModel>
{
    /// <summary>Segments of different sound (seed, level) joined into one file.</summary>
    internal static string MakeFile(string dir, string name, int rate, int channels, double seconds)
    {
        var parts = new List<int>();
        int segment = rate * 7, seed = 1;
        for (long left = (long)(seconds * rate); left > 0; left -= segment, seed++)
        {
            var s = FlacTestSupport.Signal((int)Math.Min(segment, left), channels, 16, seed);
            parts.AddRange(s.Select(v => seed % 3 == 0 ? v / 8 : v));
        }
        string path = Path.Combine(dir, name);
        FlacTestSupport.WriteWav(path, parts.ToArray(), rate, channels);
        return path;
    }

    [Theory]
    [InlineData(2, 40.3)] // more than one 1024-vector batch, ending mid-hop
    [InlineData(1, 3.01)]  // a short clip: one partial batch
    public void StreamedScoreEqualsTheWholeFileScore(int channels, double seconds)
    {
        using var model = AnomalyModel.Load(trained.Path);
        var extractor = new FeatureExtractor(model.FeatureSettings);
        string path = MakeFile(trained.Dir, $"long{channels}-{seconds}.wav", model.FeatureSettings.SampleRate, channels, seconds);

        double whole = model.ScoreClip(extractor.Extract(AudioFile.ReadAll(path)));
        using (var reader = AudioFile.Open(path))
        {
            var streamed = StreamedClipScore.TryScore(path, reader, extractor, model, default);
            Assert.NotNull(streamed);
            Assert.Equal(whole, streamed.Value.Score);
            Assert.Equal(AudioFile.ReadAll(path).Frames, streamed.Value.Frames);
        }

        var result = Assert.Single(new Predictor(model).Predict(path));
        Assert.Equal(whole, result.Score);
    }

    [Theory]
    [InlineData(48000, 2, 12.2)] // a 48 kHz stereo recording scored by a 16 kHz model: resampled as it streams
    [InlineData(44100, 1, 3.3)]
    public void AResampledFileStreamsToTheWholeFileScore(int rate, int channels, double seconds)
    {
        using var model = AnomalyModel.Load(trained.Path);
        var extractor = new FeatureExtractor(model.FeatureSettings);
        string path = MakeFile(trained.Dir, $"hifi{rate}-{channels}-{seconds}.wav", rate, channels, seconds);

        double whole = model.ScoreClip(extractor.Extract(AudioFile.ReadAll(path)));
        using (var reader = AudioFile.Open(path))
        {
            var streamed = StreamedClipScore.TryScore(path, reader, extractor, model, default);
            Assert.NotNull(streamed);
            Assert.Equal(whole, streamed.Value.Score);
            Assert.Equal((long)Math.Round(seconds * rate), streamed.Value.Frames);
        }
    }

    [Theory]
    [InlineData(FeatureSet.LogMelStats, 16000)]
    [InlineData(FeatureSet.MfccStats, 48000)]
    [InlineData(FeatureSet.LogMelTwfr, 16000)]
    [InlineData(FeatureSet.LogMelTwfr, 48000)]
    [InlineData(FeatureSet.LogMelTwfr, 16000, 0.1)] // r^k underflows after ~324 of the 635 frames: only the top ones kept
    [InlineData(FeatureSet.LogMelImage, 16000)]
    [InlineData(FeatureSet.MfccImage, 16000)]
    public void OneRowPerClipVectorsStreamToTheWholeFileVector(FeatureSet set, int rate, double twfrDecay = 0.5)
    {
        var extractor = new FeatureExtractor(FeatureSettings.Create(set) with { TwfrDecay = twfrDecay });
        string path = MakeFile(trained.Dir, $"clip-{set}-{rate}-{twfrDecay}.wav", rate, 2, 20.3);
        var whole = extractor.Extract(AudioFile.ReadAll(path));
        using var reader = AudioFile.Open(path);
        var streamed = StreamedClipVector.TryExtract(path, reader, extractor);
        Assert.NotNull(streamed);
        Assert.Equal(1, streamed.Value.Vector.Rows);
        Assert.Equal(whole.Data, streamed.Value.Vector.Data);
    }

    [Fact]
    public void TwfrWithADecayNearOneIsReadWhole()
    {
        // r = 0.9999 weighs ~7 million sorted values per band: more than a bounded buffer, so the caller reads whole.
        var extractor = new FeatureExtractor(FeatureSettings.Create(FeatureSet.LogMelTwfr) with { TwfrDecay = 0.9999 });
        string path = MakeFile(trained.Dir, "twfr-near-one.wav", 16000, 1, 1.5);
        using var reader = AudioFile.Open(path);
        Assert.Null(StreamedClipVector.TryExtract(path, reader, extractor));
    }
}
