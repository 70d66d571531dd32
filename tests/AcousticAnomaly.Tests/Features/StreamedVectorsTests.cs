using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Training;
using Xunit;
using AcousticAnomaly.Models.IsolationForest;

namespace AcousticAnomaly.Tests.Features;

/// <summary>
/// Issue 15 item 13: training takes a file's vectors as its audio streams (never held whole): all of them, exactly the
/// whole-file vectors, within MaxVectorsPerFile; beyond it every 2nd, 4th... vector, spread over the whole file, and
/// a warning naming the file.
/// </summary>
public sealed class StreamedVectorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-vectors-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Wav(string name, int rate, int channels, double seconds)
    {
        var path = Path.Combine(_dir, name);
        FlacTestSupport.WriteWav(path, FlacTestSupport.Signal((int)(seconds * rate), channels, 16, 5), rate, channels);
        return path;
    }

    [Theory]
    [InlineData(16000, 1, int.MaxValue, 1)]
    [InlineData(48000, 2, int.MaxValue, 1)] // resampled as it streams
    [InlineData(16000, 2, 100, 4)]          // 309 vectors over a bound of 100: every 4th (78 vectors)
    [InlineData(16000, 1, 309, 1)]          // exactly at the bound: all
    public void StreamedVectorsAreTheWholeFileVectorsOrEveryNthOfThem(int rate, int channels, int maxRows, int stride)
    {
        var extractor = new FeatureExtractor(new FeatureSettings());
        var path = Wav($"v{rate}-{channels}-{maxRows}.wav", rate, channels, 10);
        var whole = extractor.Extract(AudioFile.ReadAll(path));
        Assert.Equal(309, whole.Rows);
        using var reader = AudioFile.Open(path);
        var streamed = StreamedVectors.TryExtract(path, reader, extractor, maxRows);

        Assert.NotNull(streamed);
        var (vectors, total, gotStride, peak) = streamed.Value;
        Assert.Equal(whole.Rows, total);
        Assert.Equal(stride, gotStride);
        Assert.Equal((whole.Rows + stride - 1) / stride, vectors.Rows);
        for (int r = 0; r < vectors.Rows; r++) Assert.True(whole.RowSpan(r * stride).SequenceEqual(vectors.RowSpan(r)), $"row {r}");
        Assert.Equal(AudioFile.ReadAll(path).Samples.Max(Math.Abs), peak);
    }

    [Fact]
    public void TrainingOnALongFileThinsItsVectorsAndSaysSo()
    {
        var path = Wav("long.wav", 16000, 1, 10);
        var warnings = new List<string>();
        var info = new ModelTrainer(new IsolationForestDetectorTrainer(new AcousticAnomaly.Models.IsolationForest.IsolationForestOptions(TreeCount: 5)),
                new TrainingOptions { MaxVectorsPerFile = 100, ThresholdMethod = AcousticAnomaly.Models.Thresholds.ThresholdMethod.Percentile })
            .Train([path, Wav("other.wav", 16000, 1, 3)], Path.Combine(_dir, "m.onnx"), onWarning: warnings.Add);

        Assert.Equal(78 + 90, info.TrainingVectors); // 309 and 90 vectors: every 4th of the first, all of the second
        var warning = Assert.Single(warnings);
        Assert.Contains(path, warning);
        Assert.Contains("309 feature vectors, every 4th used (78)", warning);
    }
}
