using AcousticAnomaly.Audio;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Training;
using Xunit;

namespace AcousticAnomaly.Tests.Models;

/// <summary>
/// Issue 15 item 9: float WAVs holding NaN or infinite samples are reported and skipped in training (they moved a
/// threshold from 0.71 to 1.69) and flagged, not scored, in prediction.
/// </summary>
public sealed class NonFiniteSamplesTests : IDisposable
{
    private readonly string _dir = BldcSample.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A float copy of a training clip with <paramref name="bad"/> at frame 1000.</summary>
    private string Poisoned(string name, float bad)
    {
        var audio = AudioFile.ReadAll(BldcSample.Train[0]);
        var samples = (float[])audio.Samples.Clone();
        samples[1000 * audio.Channels] = bad;
        string path = Path.Combine(_dir, name);
        using (var w = new WavWriter(path, audio.SampleRate, audio.Channels, WavSampleFormat.Float32)) w.Write(samples);
        return path;
    }

    private static ModelTrainer Forest() => new(new IsolationForestDetectorTrainer(new IsolationForestOptions(Seed: 1)));

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void TrainingReportsAndSkipsTheFile(float bad)
    {
        string poisoned = Poisoned("poisoned.wav", bad);
        var errors = new List<(string File, Exception Error)>();
        var info = Forest().Train(BldcSample.Train.Append(poisoned).ToList(), Path.Combine(_dir, "m.onnx"), (f, e) => errors.Add((f, e)));

        var (file, error) = Assert.Single(errors);
        Assert.Equal(poisoned, file);
        Assert.Contains("1 NaN or infinite sample(s), the first at frame 1000", error.Message);
        Assert.Equal(BldcSample.Train.Count, info.TrainingClips);
    }

    [Fact]
    public void ScoringFlagsTheFileAndNamesTheFrame()
    {
        var info = Forest().Train(BldcSample.Train, Path.Combine(_dir, "m.onnx"));
        using var model = AnomalyModel.Load(info.Path);
        var predictor = new Predictor(model);
        string poisoned = Poisoned("nan.wav", float.NaN);

        var e = Assert.Throws<AudioFileException>(() => predictor.Predict(poisoned));
        Assert.Contains("nan.wav", e.Message);
        Assert.Contains("the first at frame 1000", e.Message);

        // In segments, the frame is counted from the start of the file.
        var segmented = new Predictor(model, new PredictionOptions(TimeSpan.FromSeconds(0.05)));
        var s = Assert.Throws<AudioFileException>(() => segmented.Predict(poisoned));
        Assert.Contains("the first at frame 1000", s.Message);
        Assert.Single(predictor.Predict(BldcSample.Train[1]));
    }
}
