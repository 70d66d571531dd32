using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Recording;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Tests.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Streaming;

[Collection(CaptureCollection.Name)]
public sealed class StreamWatcherTests : IDisposable
{
    private const string Mic = VirtualMicrophones.Removable;
    private readonly VirtualMicrophones _mics;
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-watch-").FullName;

    public StreamWatcherTests(VirtualMicrophones mics)
    {
        _mics = mics;
        WatchTestData.LoadIntoRemovableMicrophone(mics);
    }

    public void Dispose()
    {
        _mics.RestoreRemovableFile();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>1 s windows every 0.5 s over the 6 s signal; file-backed mics are not paced, so read at 20x real time.</summary>
    private static WatchOptions Options(params string[] devices) => new()
    {
        Devices = devices.Length == 0 ? new[] { Mic } : devices,
        ModelPath = WatchTestData.ModelPath,
        WindowDuration = TimeSpan.FromSeconds(1),
        HopDuration = TimeSpan.FromSeconds(0.5),
        Duration = TimeSpan.FromSeconds(6),
        // A deep queue: at 20x a cold first window (JIT, the model's first runs) can take longer than the default 256
        // blocks last, and a dropped block would split the recording - these tests are about results, not overload.
        Capture = new CaptureOptions { SpeedLimit = 20, QueueCapacity = 4096 },
    };

    private static async Task<(List<WatchEvent> Events, WatchSummary Summary)> WatchAll(WatchOptions options,
        Func<WatchEvent, WatchRun, bool>? stopWhen = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<WatchEvent>();
        using var run = StreamWatcher.Start(options);
        await foreach (var e in run.Events.ReadAllAsync(timeout.Token))
        {
            events.Add(e);
            if (stopWhen?.Invoke(e, run) == true) run.Stop();
        }
        return (events, run.Summary!);
    }

    private static double[] Offsets(IEnumerable<WatchEvent> events) =>
        events.Where(e => e.Result is not null).Select(e => e.Result!.Offset).ToArray();

    [Fact]
    public async Task TheWindowsOverTheSplicedFaultAreFlaggedAndTheOthersAreNot()
    {
        var (events, summary) = await WatchAll(Options());
        var results = events.Select(e => e.Result).OfType<WatchResult>().ToList();

        Assert.Equal(new[] { 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0 }, Offsets(events));
        // The fault is audio 2-4 s: every window overlapping it by half or more is anomalous, no other.
        Assert.Equal(new[] { 2.5, 3.0, 3.5, 4.0, 4.5 }, results.Where(r => r.IsAnomaly).Select(r => r.Offset));
        Assert.All(results, r =>
        {
            Assert.Equal(Mic, r.Device);
            Assert.Equal(0, r.FramesLost);
            Assert.Equal(0.0, r.Threshold);
            Assert.Equal(r.IsAnomaly, r.Score > r.Threshold);
            Assert.InRange(r.LatencyMs, 0, 5000);
        });
        // Time is on the capture clock: window ends 0.5 s of audio apart, read at 20x -> about 25 ms apart.
        Assert.True(results.Zip(results.Skip(1)).All(p => p.Second.Time > p.First.Time));

        // Each score is exactly what the model gives the same samples offline.
        using var model = AnomalyModel.Load(WatchTestData.ModelPath);
        var extractor = new FeatureExtractor(model.FeatureSettings);
        var signal = WatchTestData.AsFloats(WatchTestData.Signal);
        foreach (var r in results)
        {
            int end = (int)Math.Round(r.Offset * 16000);
            Assert.Equal(model.ScoreClip(extractor.Extract(signal.AsSpan(end - 16000, 16000))), r.Score, 12);
        }

        var device = Assert.Single(summary.Devices);
        Assert.Equal(new DeviceWatchSummary(Mic, 11, 5, 5, 6 * 16000, 0, 0, 0), device);
    }

    [Fact]
    public async Task AnomalyOnlyWithDebounceReportsOnlyWindowsEndingARunOfThree()
    {
        var (events, summary) = await WatchAll(Options() with { AnomalyOnly = true, MinConsecutive = 3 });
        Assert.Equal(new[] { 3.5, 4.0, 4.5 }, Offsets(events));
        Assert.Equal(3, summary.Devices[0].Events);
        Assert.Equal(5, summary.Devices[0].Anomalies);
        Assert.Equal(11, summary.Devices[0].Windows);
    }

    [Fact]
    public async Task CooldownSuppressesEventsForThatMuchAudio()
    {
        // Anomalous windows end at 2.5 .. 4.5 s; with a 1 s cooldown, 3.0 and 4.0 fall inside it.
        var (events, _) = await WatchAll(Options() with { AnomalyOnly = true, Cooldown = TimeSpan.FromSeconds(1) });
        Assert.Equal(new[] { 2.5, 3.5, 4.5 }, Offsets(events));
    }

    [Fact]
    public async Task SaveAnomaliesWritesEachEventWindowAsAFlacOfExactlyItsSamples()
    {
        var evidenceDir = Path.Combine(_dir, "evidence");
        var (events, summary) = await WatchAll(Options() with { AnomalyOnly = true, SaveAnomaliesDirectory = evidenceDir });

        var files = events.Select(e => e.EvidenceFile).OfType<string>().ToList();
        Assert.Equal(5, files.Count);
        Assert.Equal(5, summary.Devices[0].EvidenceFiles);
        Assert.Equal(files.OrderBy(f => f), EvidenceFolderFiles(evidenceDir).OrderBy(f => f)); // no temporary files left
        var results = events.Select(e => e.Result).OfType<WatchResult>().ToList();
        foreach (var (file, result) in files.Zip(results))
        {
            Assert.Matches(@"^vmic-removable_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.flac$", Path.GetFileName(file));
            var audio = AudioFile.ReadAll(file);
            Assert.Equal(new AudioFormat(16000, 1, 16), audio.Format);
            int end = (int)Math.Round(result.Offset * 16000);
            var expected = WatchTestData.Signal[(end - 16000)..end];
            Assert.Equal(expected, audio.Samples.Select(x => (short)Math.Round(x * 32768)).ToArray());
        }
    }

    [Fact]
    public async Task DurationCountsCapturedFramesExactlyAndTheRecordingHoldsThem()
    {
        var recordDir = Path.Combine(_dir, "rec");
        // 2.3 s = 36800 frames: not a whole number of blocks, windows or segments.
        var (events, summary) = await WatchAll(Options() with
        {
            Duration = TimeSpan.FromSeconds(2.3),
            RecordDirectory = recordDir,
            RecordSegmentDuration = TimeSpan.FromSeconds(1),
        });

        Assert.Equal(36800, summary.Devices[0].FramesCaptured);
        Assert.Equal(new[] { 1.0, 1.5, 2.0 }, Offsets(events));
        var segments = events.Select(e => e.Segment).OfType<RecordingSegment>().ToList();
        Assert.Equal(3, segments.Count);
        Assert.Equal(3, summary.Devices[0].RecordedFiles);
        var recorded = segments.OrderBy(s => s.Start).SelectMany(s => AudioFile.ReadAll(s.Path).Samples)
            .Select(x => (short)Math.Round(x * 32768)).ToArray();
        Assert.Equal(WatchTestData.Signal[..36800], recorded);
    }

    [Fact]
    public async Task ARecordingWatchStopsCleanlyBelowItsMinimumFreeSpace()
    {
        // The recorder's way of simulating a low disk: a minimum a terabyte above what the disk has.
        var recordDir = Path.Combine(_dir, "rec");
        Directory.CreateDirectory(recordDir);
        long free = new DriveInfo(recordDir).AvailableFreeSpace;
        var error = await Assert.ThrowsAsync<IOException>(() => WatchAll(Options() with
        {
            Duration = null, // only the guard can end this watch (or the test's timeout, which would fail it)
            RecordDirectory = recordDir,
            RecordMinFreeSpace = free + (1L << 40),
        }));
        Assert.Contains($"free space in {recordDir} fell to", error.Message);
        Assert.Contains("below the minimum", error.Message);
        Assert.All(Directory.GetFiles(recordDir), f => AudioFile.ReadAll(f)); // whatever was written is finalised
    }

    [Fact]
    public void ANegativeWatchMinimumFreeSpaceIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => (Options() with { RecordMinFreeSpace = -1 }).Validate());

    [Fact]
    public async Task StoppingEndsTheWatchAndFinalisesEveryFile()
    {
        var recordDir = Path.Combine(_dir, "rec");
        var evidenceDir = Path.Combine(_dir, "evidence");
        // No duration: the watch runs until stopped - here as soon as the first event's evidence is written.
        var (events, summary) = await WatchAll(Options() with
        {
            Duration = null,
            RecordDirectory = recordDir,
            SaveAnomaliesDirectory = evidenceDir,
        }, (e, _) => e.EvidenceFile is not null);

        var device = summary.Devices[0];
        Assert.InRange(device.FramesCaptured, 40000, 60 * 16000);
        var segment = Assert.Single(events.Select(e => e.Segment).OfType<RecordingSegment>());
        var audio = AudioFile.ReadAll(segment.Path); // a finalised header: the reader checks sizes
        Assert.Equal(device.FramesCaptured, audio.Frames);
        Assert.Equal(WatchTestData.Signal[..40000], audio.Samples.Take(40000).Select(x => (short)Math.Round(x * 32768)).ToArray());
        Assert.Equal(new[] { segment.Path }, Directory.GetFiles(recordDir));
        Assert.All(EvidenceFolderFiles(evidenceDir), f => Assert.EndsWith(".flac", f));
        Assert.Equal(device.EvidenceFiles, EvidenceFolderFiles(evidenceDir).Length);
    }

    [Fact]
    public async Task SeveralDevicesAreWatchedAtOnce()
    {
        var (events, summary) = await WatchAll(Options(Mic, VirtualMicrophones.Normal) with { Duration = TimeSpan.FromSeconds(2) });
        foreach (var device in new[] { Mic, VirtualMicrophones.Normal })
        {
            Assert.Equal(new[] { 1.0, 1.5, 2.0 }, Offsets(events.Where(e => e.Result?.Device == device)));
        }
        Assert.Equal(new[] { Mic, VirtualMicrophones.Normal }, summary.Devices.Select(d => d.Device));
        Assert.All(summary.Devices, d => Assert.Equal(32000, d.FramesCaptured));
    }

    [Fact]
    public void AnUnknownDeviceFailsBeforeAnythingIsWritten()
    {
        var options = Options("missing-mic") with { RecordDirectory = Path.Combine(_dir, "rec") };
        var ex = Assert.Throws<AudioDeviceException>(() => StreamWatcher.Start(options));
        Assert.Contains("No input device is named 'missing-mic'", ex.Message);
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A48kHzMicrophoneIsResampledAndScoredExactlyAsTheSameRecordingResampledOffline()
    {
        // The spliced signal as a 48 kHz device delivers it (upsampled once, then 16-bit like any capture).
        var hifi = new Resampler(16000, 48000).Process(WatchTestData.AsFloats(WatchTestData.Signal))
            .Select(x => (short)Math.Clamp(Math.Round(x * 32768.0), short.MinValue, short.MaxValue)).ToArray();
        Assert.Equal(6 * 48000, hifi.Length);
        _mics.LoadHifi(hifi);
        var recordDir = Path.Combine(_dir, "rec");
        var (events, summary) = await WatchAll(Options(VirtualMicrophones.Hifi) with { SampleRate = 48000, RecordDirectory = recordDir });

        // Every window up to the end of the 6 s (the resampler's last samples are flushed when the duration is reached).
        Assert.Equal(new[] { 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0 }, Offsets(events));
        var results = events.Select(e => e.Result).OfType<WatchResult>().ToList();
        Assert.Equal(new[] { 2.5, 3.0, 3.5, 4.0, 4.5 }, results.Where(r => r.IsAnomaly).Select(r => r.Offset));

        // Each score is the model's on the same 6 s resampled to 16 kHz offline, to the last digit.
        using var model = AnomalyModel.Load(WatchTestData.ModelPath);
        var extractor = new FeatureExtractor(model.FeatureSettings);
        var offline = new Resampler(48000, 16000).Process(WatchTestData.AsFloats(hifi));
        foreach (var r in results)
        {
            int end = (int)Math.Round(r.Offset * 16000);
            Assert.Equal(model.ScoreClip(extractor.Extract(offline.AsSpan(end - 16000, 16000))), r.Score, 12);
        }

        // Duration counts captured frames, and the recording keeps the captured rate and samples.
        Assert.Equal(6 * 48000, summary.Devices[0].FramesCaptured);
        var segment = Assert.Single(events.Select(e => e.Segment).OfType<RecordingSegment>());
        Assert.Equal(48000, segment.SampleRate);
        var recorded = AudioFile.ReadAll(segment.Path);
        Assert.Equal(new AudioFormat(48000, 1, 16), recorded.Format);
        Assert.Equal(hifi, recorded.Samples.Select(x => (short)Math.Round(x * 32768)).ToArray());
    }

    [Fact]
    public void AWindowTooShortForTheFeaturesIsRefusedClearly()
    {
        var ex = Assert.Throws<ArgumentException>(() => StreamWatcher.Start(Options() with { WindowDuration = TimeSpan.FromSeconds(0.1) }));
        Assert.Contains("too short for the model's features", ex.Message);
    }

    [Theory]
    [InlineData(16000, 160000, 1000)]
    [InlineData(8000, 16000, 1000)]
    [InlineData(4000, 16000, 1000)]
    [InlineData(16001, 160000, 1024)]
    public void BlocksDivideTheHopSoWindowsEndOnBlockBoundaries(int hop, int window, int expected)
    {
        Assert.Equal(expected, StreamPlan.BlockFrames(hop, window));
    }

    [Theory]
    [InlineData(48000, 480000, 250)]
    [InlineData(44100, 441000, 252)]
    [InlineData(48001, 480000, 256)]
    public void ResampledCaptureUsesShortBlocksThatStillDivideTheHop(int hop, int window, int expected)
    {
        Assert.Equal(expected, StreamPlan.BlockFrames(hop, window, StreamPlan.ResamplingBlockFrames));
    }

    /// <summary>Every file in an evidence folder but the marker that keeps retention away from it (temp files count).</summary>
    private static string[] EvidenceFolderFiles(string dir) =>
        Directory.GetFiles(dir).Where(f => Path.GetFileName(f) != AcousticAnomaly.Archive.EvidenceMarker.FileName).ToArray();
}
