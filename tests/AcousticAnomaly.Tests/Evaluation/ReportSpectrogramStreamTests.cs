using AcousticAnomaly.Audio;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Plots;
using AcousticAnomaly.Tests.Models;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

/// <summary>
/// Issue 15 item 13: the evaluation report's pictures stream the clip in blocks and, for a clip within the width budget,
/// equal what reading it whole gives: the PNG, the waveform envelope and the per-vector scores - at the model's rate and
/// resampled, across score batches (1024 vectors).
/// </summary>
public sealed class ReportSpectrogramStreamTests(TrainedSampleModel trained) : IClassFixture<TrainedSampleModel>
{
    [Theory]
    [InlineData(16000, 2, 40.3)] // more than one score batch, ending mid-hop
    [InlineData(48000, 1, 5.1)]  // resampled to the model's rate as it streams
    public void StreamedPictureEqualsTheWholeFilePicture(int rate, int channels, double seconds)
    {
        using var model = AnomalyModel.Load(trained.Path);
        var extractor = new FeatureExtractor(model.FeatureSettings);
        string path = StreamedClipScoreTests.MakeFile(trained.Dir, $"report{rate}-{channels}.wav", rate, channels, seconds);

        var mono = extractor.ToMono(AudioFile.ReadAll(path));
        var picture = ModelEvaluation.StreamedPicture(path, extractor, model, default);

        Assert.Equal(new SpectrogramRenderer().RenderPng(extractor.LogMel(mono).ToArrays()), picture.Png);
        Assert.Equal(ReportSpectrogram.EnvelopeOf(mono, ModelEvaluation.EnvelopeSlices), picture.Envelope);
        Assert.Equal(model.ScoreVectors(extractor.Extract(mono)), picture.VectorScores);
    }

    [Theory]
    [InlineData(1000, 400)]
    [InlineData(401, 400)]
    [InlineData(7, 400)] // fewer samples than slices: one slice per sample
    public void StreamedEnvelopeInPiecesEqualsTheWholeEnvelope(int length, int slices)
    {
        var signal = Enumerable.Range(0, length).Select(i => (float)Math.Sin(i * 0.37) * (i % 13)).ToArray();
        var streamed = new StreamedEnvelope(length, slices);
        for (int at = 0; at < length; at += 33) streamed.Add(signal.AsSpan(at, Math.Min(33, length - at)));
        Assert.Equal(ReportSpectrogram.EnvelopeOf(signal, slices), streamed.ToArray());
    }

    [Fact]
    public void ScoreSeriesIsExactWithinItsCapAndKeepsEachRunsExtremesPastIt()
    {
        var scores = Enumerable.Range(0, 10_000).Select(i => Math.Sin(i * 0.013) + (i == 7777 ? 9 : 0) - (i == 1234 ? 9 : 0)).ToArray();
        var within = new ScoreSeries(16);
        foreach (var s in scores.Take(15)) within.Add(s);
        Assert.Equal(scores.Take(15), within.ToArray());

        var capped = new ScoreSeries(64);
        foreach (var s in scores) capped.Add(s);
        var kept = capped.ToArray();
        Assert.InRange(kept.Length, 32, 64);
        Assert.Equal(scores.Max(), kept.Max());
        Assert.Equal(scores.Min(), kept.Min());
        Assert.True(Array.IndexOf(kept, scores.Min()) < Array.IndexOf(kept, scores.Max())); // time order kept
        Assert.All(kept, v => Assert.Contains(v, scores));
    }
}
