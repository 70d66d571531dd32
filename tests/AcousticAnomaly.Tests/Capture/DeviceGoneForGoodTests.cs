using AcousticAnomaly.Capture;
using AcousticAnomaly.Recording;
using Xunit;

namespace AcousticAnomaly.Tests.Capture;

/// <summary>
/// Issue 15 item 10: retries are bounded. vmic_broken reopens and then fails every read; a capture gives it up after
/// MaxOutage (the outage counted as lost), and a recording with a duration finishes instead of retrying for ever.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class DeviceGoneForGoodTests(VirtualMicrophones mics) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-gone-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ACaptureGivesUpAfterMaxOutageAndCountsTheTimeAsLost()
    {
        _ = mics;
        using var session = CaptureSession.Start(VirtualMicrophones.Broken,
            new CaptureOptions { ReopenInterval = TimeSpan.FromMilliseconds(100), MaxOutage = TimeSpan.FromSeconds(1) });
        var statuses = new List<CaptureStatus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var s in session.StatusUpdates.ReadAllAsync(timeout.Token)) statuses.Add(s);

        var gaveUp = Assert.Single(statuses, s => s.State == CaptureState.GaveUp);
        Assert.Contains("gave no usable audio for 1 s", gaveUp.Message);
        Assert.Equal(CaptureState.Stopped, statuses[^1].State);
        // Every reopen in between counted its gap; the frames counted never exceed the time it took.
        Assert.True(session.Statistics.FramesLostToOutages > 0);
        Assert.True(session.Statistics.FramesLostToOutages + session.Statistics.FramesCaptured <= 16000 * 30);
    }

    [Fact]
    public async Task ARecordingWithADurationFinishesWhenItsDeviceNeverRecovers()
    {
        var options = new RecordingOptions
        {
            Devices = new[] { VirtualMicrophones.Broken },
            OutputDirectory = _dir,
            Duration = TimeSpan.FromSeconds(600),
            Capture = new CaptureOptions { ReopenInterval = TimeSpan.FromMilliseconds(100), MaxOutage = TimeSpan.FromSeconds(1) },
        };
        var statuses = new List<CaptureStatus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var _ in Recorder.RecordAsync(options, statuses.Add, timeout.Token)) { }

        Assert.False(timeout.IsCancellationRequested, "the recording only ended because the test cancelled it");
        Assert.Contains(statuses, s => s.State == CaptureState.GaveUp);
    }
}
