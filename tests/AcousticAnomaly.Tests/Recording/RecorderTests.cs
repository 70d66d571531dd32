using System.Text.RegularExpressions;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Recording;
using AcousticAnomaly.Tests.Capture;
using Xunit;
using CaptureCollection = AcousticAnomaly.Tests.Capture.CaptureCollection;

namespace AcousticAnomaly.Tests.Recording;

[Collection(CaptureCollection.Name)]
public sealed class RecorderTests(VirtualMicrophones mics) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-rec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RecordingOptions Options(params string[] devices) => new()
    {
        Devices = devices,
        OutputDirectory = _dir,
        Capture = new CaptureOptions { SpeedLimit = 20 }, // file-backed mics are not paced
    };

    private static async Task<List<RecordingSegment>> RecordAll(RecordingOptions options, CancellationToken token = default)
    {
        var list = new List<RecordingSegment>();
        await foreach (var s in Recorder.RecordAsync(options, cancellationToken: token)) list.Add(s);
        return list;
    }

    /// <summary>Reads a finished file through the audio stage's reader: its header must be final and its samples whole.</summary>
    private static int[] ReadWav(string path, out AudioFormat format)
    {
        using var reader = AudioFile.Open(path);
        format = reader.Format;
        var samples = new int[reader.TotalFrames * format.Channels];
        int got = 0, n;
        while ((n = reader.ReadInt32(samples.AsSpan(got))) > 0) got += n * format.Channels;
        Assert.Equal(samples.Length, got);
        return samples;
    }

    [Fact]
    public async Task RollingSegmentsJoinBackIntoTheInputFrameForFrame()
    {
        // 0.7 s segments do not line up with 1024-frame blocks, so cuts fall inside blocks.
        var segments = await RecordAll(Options(VirtualMicrophones.Normal) with
        {
            Duration = TimeSpan.FromSeconds(3),
            SegmentDuration = TimeSpan.FromSeconds(0.7),
        });

        Assert.Equal(new[] { 11200, 11200, 11200, 11200, 3200 }, segments.Select(s => (int)Math.Round(s.Duration * 16000)));
        var joined = new List<int>();
        foreach (var s in segments)
        {
            var samples = ReadWav(s.Path, out var format);
            Assert.Equal(new AudioFormat(16000, 1, 16), format);
            Assert.Equal(s.Duration, samples.Length / 16000.0);
            joined.AddRange(samples);
            Assert.Equal(VirtualMicrophones.Normal, s.Device);
            Assert.Equal(16000, s.SampleRate);
            Assert.Equal(1, s.Channels);
            Assert.Equal(0, s.FramesLost);
            Assert.Matches(new Regex(@"^vmic-normal_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z(_\d+)?\.wav$"), Path.GetFileName(s.Path));
        }
        Assert.Equal(mics.NormalSamples.Select(x => (int)x), joined);
        for (int i = 1; i < segments.Count; i++) Assert.True(segments[i].Start >= segments[i - 1].Start);
        Assert.Equal(segments.Select(s => s.Path).Order(), Directory.GetFiles(_dir).Order());
    }

    [Fact]
    public void RecordingSegmentHasExactlyTheEmittedProperties()
    {
        Assert.Equal(new[] { "Path", "Device", "Start", "Duration", "SampleRate", "Channels", "FramesLost" },
            typeof(RecordingSegment).GetProperties().Select(p => p.Name));
    }

    [Fact]
    public async Task TwoDevicesRecordAtOnceEachIntoItsOwnFiles()
    {
        var segments = await RecordAll(Options(VirtualMicrophones.Normal, VirtualMicrophones.Anomaly) with
        {
            Duration = TimeSpan.FromSeconds(3),
            SegmentDuration = TimeSpan.FromSeconds(1),
        });
        Assert.Equal(6, segments.Count);
        var normal = segments.Where(s => s.Device == VirtualMicrophones.Normal).SelectMany(s => ReadWav(s.Path, out _));
        var anomaly = segments.Where(s => s.Device == VirtualMicrophones.Anomaly).SelectMany(s => ReadWav(s.Path, out _));
        Assert.Equal(mics.NormalSamples.Select(x => (int)x), normal);
        Assert.Equal(mics.AnomalySamples.Select(x => (int)x), anomaly);
        Assert.Equal(3, Directory.GetFiles(_dir, "vmic-anomaly_*.wav").Length);
    }

    [Fact]
    public async Task CancellingFinalisesEveryFile()
    {
        using var cts = new CancellationTokenSource();
        var options = Options(VirtualMicrophones.Normal, VirtualMicrophones.Anomaly) with { SegmentDuration = TimeSpan.FromSeconds(2) };
        var segments = new List<RecordingSegment>();
        await foreach (var s in Recorder.RecordAsync(options, cancellationToken: cts.Token))
        {
            segments.Add(s);
            if (segments.Count == 2) cts.Cancel(); // mid-recording: files are open
        }
        // Every file on disk was reported, and every one reads back whole with a final header.
        Assert.Equal(segments.Select(s => s.Path).Order(), Directory.GetFiles(_dir).Order());
        Assert.True(segments.Count >= 2, $"{segments.Count} segments");
        foreach (var device in new[] { VirtualMicrophones.Normal, VirtualMicrophones.Anomaly })
        {
            var mine = segments.Where(s => s.Device == device).ToList();
            Assert.All(mine, s => Assert.True(s.Duration > 0));
            var samples = mine.SelectMany(s => ReadWav(s.Path, out _)).ToArray();
            Assert.Equal(samples.Length, mine.Sum(s => (long)Math.Round(s.Duration * 16000)));
            var expected = device == VirtualMicrophones.Normal ? mics.NormalSamples : mics.AnomalySamples;
            int compared = Math.Min(expected.Length, samples.Length);
            Assert.Equal(expected.Take(compared).Select(x => (int)x), samples.Take(compared));
            Assert.True(mine.Count == 0 || mine[^1].Duration <= 2);
        }
    }

    [Fact]
    public async Task FixedLengthClipsDropTheUnfinishedLastClip()
    {
        var segments = await RecordAll(Options(VirtualMicrophones.Anomaly) with
        {
            Duration = TimeSpan.FromSeconds(2.5),
            ClipDuration = TimeSpan.FromSeconds(1),
        });
        Assert.Equal(2, segments.Count);
        Assert.All(segments, s => Assert.Equal(1.0, s.Duration));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
        Assert.Equal(mics.AnomalySamples.Take(32000).Select(x => (int)x), segments.SelectMany(s => ReadWav(s.Path, out _)));
    }

    [Fact]
    public async Task SplitOnSilenceKeepsTheSoundAndEndsAfterTheHold()
    {
        // The device plays 3 s of valve (every 100 ms window is -47..-42 dBFS) and then digital silence.
        var segments = await RecordAll(Options(VirtualMicrophones.Normal) with
        {
            Duration = TimeSpan.FromSeconds(6),
            SplitOnSilence = true,
            SilenceThresholdDb = -50,
            SilenceHold = TimeSpan.FromSeconds(0.5),
        });
        var only = Assert.Single(segments);
        var samples = ReadWav(only.Path, out _);
        Assert.Equal(48000 + 8000, samples.Length); // the sound plus the 0.5 s of silence that ended it
        Assert.Equal(mics.NormalSamples.Select(x => (int)x), samples.Take(48000));
        Assert.All(samples.Skip(48000), x => Assert.Equal(0, x));
    }

    [Fact]
    public async Task SplitOnSilenceDiscardsSoundShorterThanTheMinimum()
    {
        var segments = await RecordAll(Options(VirtualMicrophones.Normal) with
        {
            Duration = TimeSpan.FromSeconds(5),
            SplitOnSilence = true,
            MinimumDuration = TimeSpan.FromSeconds(4),
        });
        Assert.Empty(segments);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task LostFramesStartANewFileThatCountsThem()
    {
        // vmic_broken delivers 2048 frames per opening, then fails; the session reopens it. No fragment floor here
        // (DeviceGoneForGoodTests covers it): every stretch between outages is its own file.
        var options = Options(VirtualMicrophones.Broken) with
        {
            MinimumFragment = TimeSpan.Zero,
            Duration = TimeSpan.FromSeconds(6144 / 16000.0),
            Capture = new CaptureOptions { ReopenInterval = TimeSpan.FromMilliseconds(50) },
        };
        var statuses = new List<CaptureStatus>();
        var segments = new List<RecordingSegment>();
        await foreach (var s in Recorder.RecordAsync(options, statuses.Add)) segments.Add(s);

        Assert.Equal(3, segments.Count);
        Assert.All(segments, s => Assert.Equal(2048, ReadWav(s.Path, out _).Length));
        Assert.Equal(0, segments[0].FramesLost);
        Assert.True(segments[1].FramesLost > 0);
        Assert.True(segments[2].FramesLost > 0);
        Assert.Contains(statuses, s => s.State == CaptureState.DeviceLost && s.Error!.Problem == AudioDeviceProblem.Lost);
        Assert.Contains(statuses, s => s.State == CaptureState.Reopened && s.FramesLost == segments[1].FramesLost);
    }

    [Fact]
    public async Task UnknownDeviceFailsBeforeAnyFileIsWritten()
    {
        var ex = await Assert.ThrowsAsync<AudioDeviceException>(() =>
            RecordAll(Options(VirtualMicrophones.Normal, "no such microphone") with { Duration = TimeSpan.FromSeconds(1) }));
        Assert.Equal(AudioDeviceProblem.NotFound, ex.Problem);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task TheSameDeviceTwiceIsRefused()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            RecordAll(Options(VirtualMicrophones.Normal, "vmic_norm*") with { Duration = TimeSpan.FromSeconds(1) }));
        Assert.Contains("listed twice", ex.Message);
    }
}
