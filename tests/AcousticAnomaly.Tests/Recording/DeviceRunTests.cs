using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Tests.Capture;
using AcousticAnomaly.Tests.Streaming;
using Xunit;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Tests.Recording;

/// <summary>
/// The run shared by the recorder and the watchers: one source failing for good (vmic_broken reopens and then fails
/// every read, and is given up after MaxOutage) stops every other source too, each finalising its files, for the
/// recorder and the watcher alike; cancelling stops capture and still delivers every file.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class DeviceRunTests(VirtualMicrophones mics) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The healthy mic read at real time, the broken one given up after 1 s: far less than the duration.</summary>
    private static CaptureOptions FailingSoon => new()
    {
        SpeedLimit = 1, ReopenInterval = TimeSpan.FromMilliseconds(100), MaxOutage = TimeSpan.FromSeconds(1),
    };

    private static void AssertValidWav(string path, double atMostSeconds)
    {
        var audio = AudioFile.ReadAll(path);
        Assert.InRange(audio.Samples.Length, 1, (int)(atMostSeconds * VirtualMicrophones.SampleRate));
    }

    [Fact]
    public async Task ADeviceGoneForGoodStopsTheRecordingOfEveryOtherDeviceWithItsFilesFinalised()
    {
        _ = mics;
        var options = new RecordingOptions
        {
            Devices = [VirtualMicrophones.Normal, VirtualMicrophones.Broken],
            OutputDirectory = _dir,
            Duration = TimeSpan.FromSeconds(600),
            Capture = FailingSoon,
        };
        var statuses = new List<CaptureStatus>();
        var segments = new List<RecordingSegment>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var s in Recorder.RecordAsync(options, statuses.Add, timeout.Token)) segments.Add(s);

        Assert.False(timeout.IsCancellationRequested, "the healthy device ran on after the other was given up");
        Assert.Contains(statuses, s => (s.Device, s.State) == (VirtualMicrophones.Broken, CaptureState.GaveUp));
        var normal = Assert.Single(segments, s => s.Device == VirtualMicrophones.Normal);
        AssertValidWav(normal.Path, 30);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TheWatcherStopsEveryDeviceTheSameWayAndItsRecordingIsFinalised()
    {
        var options = new WatchOptions
        {
            Devices = [VirtualMicrophones.Normal, VirtualMicrophones.Broken],
            ModelPath = WatchTestData.ModelPath,
            WindowDuration = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(600),
            RecordDirectory = _dir,
            Capture = FailingSoon,
        };
        var events = new List<WatchEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using (var run = StreamWatcher.Start(options))
        {
            await foreach (var e in run.Events.ReadAllAsync(timeout.Token)) events.Add(e);
            Assert.Equal(2, run.Summary!.Devices.Count);
        }

        Assert.Contains(events, e => e.Status is { State: CaptureState.GaveUp });
        var normal = Assert.Single(events, e => e.Segment?.Device == VirtualMicrophones.Normal).Segment!;
        AssertValidWav(normal.Path, 30);
        Assert.Contains(events, e => e.Result?.Device == VirtualMicrophones.Normal);
    }

    [Fact]
    public async Task CancellingStopsCaptureAndStillDeliversEveryFinishedFile()
    {
        var options = new RecordingOptions
        {
            Devices = [VirtualMicrophones.Normal, VirtualMicrophones.Anomaly],
            OutputDirectory = _dir,
            Capture = new CaptureOptions { SpeedLimit = 20 },
        };
        using var stop = new CancellationTokenSource();
        var segments = new List<RecordingSegment>();
        var enumeration = Task.Run(async () =>
        {
            await foreach (var s in Recorder.RecordAsync(options, cancellationToken: stop.Token)) segments.Add(s);
        });
        await Task.Delay(500);
        stop.Cancel(); // Ctrl+C
        Assert.True(await Task.WhenAny(enumeration, Task.Delay(TimeSpan.FromSeconds(30))) == enumeration, "the recording did not stop");
        await enumeration;

        Assert.Equal([VirtualMicrophones.Anomaly, VirtualMicrophones.Normal], segments.Select(s => s.Device).Order());
        foreach (var s in segments) AssertValidWav(s.Path, 1000);
    }
}
