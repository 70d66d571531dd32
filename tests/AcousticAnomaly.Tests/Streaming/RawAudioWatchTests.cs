using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Tests.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Streaming;

/// <summary>Watch-AudioClassification with a foreign raw-audio model (1 s at 8 kHz) on a 16 kHz virtual microphone:
/// the capture is resampled to the model's rate and the model's fixed input length is the default window.</summary>
[Collection(CaptureCollection.Name)]
public sealed class RawAudioWatchTests(VirtualMicrophones mics)
{
    [Fact]
    public async Task WindowsOfTheModelsLengthAreClassified()
    {
        _ = mics;
        var options = new ClassificationWatchOptions
        {
            Devices = [VirtualMicrophones.Normal],
            ModelPath = TestPaths.Fixture("classifier", "torch_raw_audio.onnx"),
            Labels = ["off", "idle", "running"],
            Features = FeatureSettings.Create(null, 8000),
            RawAudio = true,
            SampleRate = VirtualMicrophones.SampleRate,
            HopDuration = TimeSpan.FromSeconds(0.5),
            Duration = TimeSpan.FromSeconds(3),
            Capture = new CaptureOptions { SpeedLimit = 20, QueueCapacity = 4096 },
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var results = new List<ClassificationWatchResult>();
        using (var run = ClassificationWatcher.Start(options))
        {
            await foreach (var e in run.Events.ReadAllAsync(timeout.Token))
                if (e.Result is { } r) results.Add(r);
        }
        // A 1-s window (the model's 8000 samples) every 0.5 s over 3 s of audio (the resampler's delay may hold back
        // the last one).
        var offsets = results.Select(r => r.Offset).ToArray();
        Assert.Equal([1.0, 1.5, 2.0, 2.5], offsets.Take(4));
        Assert.InRange(offsets.Length, 4, 5);
        Assert.All(results, r =>
        {
            Assert.Contains(r.Label, new[] { "off", "idle", "running" });
            Assert.InRange(r.Probability, 1 / 3.0, 1);
            Assert.Equal(0, r.FramesLost);
        });
    }
}
