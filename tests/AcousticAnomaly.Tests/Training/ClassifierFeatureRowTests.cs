using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Training;
using AcousticAnomaly.Tests.Datasets;
using Xunit;

namespace AcousticAnomaly.Tests.Training;

/// <summary>
/// Issue 15 item 13: a training clip far longer than the classifier's fixed-size input is streamed and only the frames
/// that input uses are computed; the row equals the one from the file read whole (stereo, resampled, and a clip shorter
/// than the input, which is padded).
/// </summary>
public sealed class ClassifierFeatureRowTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();


    [Theory]
    [InlineData(ClassifierArchitecture.Cnn1d, 44100, 2, 12.3)] // far longer than the fixed frames
    [InlineData(ClassifierArchitecture.Cnn2d, 16000, 1, 0.4)]  // shorter: padded
    [InlineData(ClassifierArchitecture.Mlp, 16000, 1, 7.1)]
    public void StreamedRowEqualsTheWholeFileRow(ClassifierArchitecture architecture, int rate, int channels, double seconds)
    {
        var extractor = new FeatureExtractor(ClassifierOptions.DefaultFeatures(architecture));
        string path = _dir[$"{architecture}.wav"];
        FlacTestSupport.WriteWav(path, FlacTestSupport.Signal((int)(seconds * rate), channels, 16, seed: 2), rate, channels);

        Assert.Equal(extractor.Extract(AudioFile.ReadAll(path)).Data, ClassifierModelTrainer.FeatureRow(extractor, path));
    }
}
