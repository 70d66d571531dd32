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
        var (_, statuses) = await RecordBroken(BrokenRecording(TimeSpan.FromSeconds(1)));
        Assert.Contains(statuses, s => s.State == CaptureState.GaveUp);
    }

    [Fact]
    public async Task ADeviceThatReopensButFailsEveryReadLeavesNoShortSegments()
    {
        // vmic_broken delivers a few ms of audio after each reopen, then fails: before the floor, each reopen left a
        // short file. Now a stretch between two outages shorter than the floor is not kept (its frames count as lost);
        // only the final file of the recording may be shorter.
        var options = BrokenRecording(TimeSpan.FromSeconds(2)) with { SegmentDuration = TimeSpan.FromSeconds(60) };
        var (segments, statuses) = await RecordBroken(options);
        var files = Directory.GetFiles(_dir, "*.wav");
        Assert.True(files.Length <= 1, $"{files.Length} files left: {string.Join(", ", files.Select(Path.GetFileName))}");
        Assert.Equal(files.Length, segments.Count);
        Assert.All(segments.SkipLast(1), s => Assert.True(s.Duration >= options.MinimumFragment.TotalSeconds));
        // Each dropped fragment (2048 frames per opening, one per reopen before the last) counts as lost on the last file.
        int reopens = statuses.Count(s => s.State == CaptureState.Reopened);
        Assert.True(reopens >= 2, $"only {reopens} reopens");
        Assert.True(segments[^1].FramesLost >= reopens * 2048L, $"{segments[^1].FramesLost} frames lost after {reopens} reopens");
    }

    /// <summary>Ten minutes asked of vmic_broken, reopened every 100 ms until given up after <paramref name="maxOutage"/>.</summary>
    private RecordingOptions BrokenRecording(TimeSpan maxOutage) => new()
    {
        Devices = new[] { VirtualMicrophones.Broken },
        OutputDirectory = _dir,
        Duration = TimeSpan.FromSeconds(600),
        Capture = new CaptureOptions { ReopenInterval = TimeSpan.FromMilliseconds(100), MaxOutage = maxOutage },
    };

    /// <summary>Records until the device is given up; fails if only the test's own timeout ended it.</summary>
    private static async Task<(List<RecordingSegment> Segments, List<CaptureStatus> Statuses)> RecordBroken(RecordingOptions options)
    {
        var segments = new List<RecordingSegment>();
        var statuses = new List<CaptureStatus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var s in Recorder.RecordAsync(options, statuses.Add, timeout.Token)) segments.Add(s);
        Assert.False(timeout.IsCancellationRequested, "the recording only ended because the test cancelled it");
        return (segments, statuses);
    }
}
