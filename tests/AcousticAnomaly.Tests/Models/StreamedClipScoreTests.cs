using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>
/// Issue 15 item 13: whole-file predict streams the file in blocks (memory flat at any length) and gives exactly the
/// score of the file read whole - across block, batch (4096 vectors) and segment boundaries, in stereo and mono.
/// </summary>
public sealed class StreamedClipScoreTests(TrainedSampleModel trained) : IClassFixture<TrainedSampleModel>
{
    /// <summary>Segments of different sound (seed, level) joined into one file.</summary>
    private static string MakeFile(string dir, string name, int rate, int channels, double seconds)
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
    [InlineData(2, 140.3)] // more than one 4096-vector batch, ending mid-hop
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
}
