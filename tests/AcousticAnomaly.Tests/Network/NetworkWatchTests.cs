using System.Net;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Network;
using AcousticAnomaly.Recording;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Tests.Streaming;
using Xunit;

namespace AcousticAnomaly.Tests.Network;

/// <summary>
/// End to end on loopback: a sender streams the spliced test signal from a file, a watcher listening on a free port
/// scores it exactly as it scores the same signal from a microphone, replies each result to the sender, and publishes
/// it to a real Mosquitto.
/// </summary>
public sealed class NetworkWatchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-net-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SignalFile()
    {
        var path = Path.Combine(_dir, "signal.wav");
        using var w = new WavWriter(path, WatchTestData.Rate, 1, WavSampleFormat.Pcm16);
        w.Write(WatchTestData.AsFloats(WatchTestData.Signal));
        return path;
    }

    private static WatchOptions Options(MqttEventOptions? mqtt = null) => new()
    {
        Devices = Array.Empty<string>(),
        ModelPath = WatchTestData.ModelPath,
        WindowDuration = TimeSpan.FromSeconds(1),
        HopDuration = TimeSpan.FromSeconds(0.5),
        Duration = TimeSpan.FromSeconds(6),
        Listen = new RtpListenerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), StreamTimeout = TimeSpan.FromSeconds(1) },
        Reply = true,
        Mqtt = mqtt,
        Capture = new CaptureOptions { QueueCapacity = 4096 },
    };

    private static async Task<(List<WatchResult> Results, List<AnomalyEventMessage> Replies, RtpSenderStatistics Sent, WatchRun Run)>
        StreamAndWatch(WatchOptions options, string file, int dropEvery = 0)
    {
        var run = StreamWatcher.Start(options);
        var (events, replies, sent) = await SenderRound.RunAsync(run, file, dropEvery);
        return (events.Where(e => e.Result is not null).Select(e => e.Result!).ToList(), replies, sent, run);
    }

    [Fact]
    public async Task ANetworkSenderIsScoredLikeAMicrophoneAndGetsEveryResultBack()
    {
        var (results, replies, sent, run) = await StreamAndWatch(Options(), SignalFile());

        Assert.Equal(new[] { 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0 }, results.Select(r => r.Offset));
        Assert.Equal(new[] { 2.5, 3.0, 3.5, 4.0, 4.5 }, results.Where(r => r.IsAnomaly).Select(r => r.Offset));
        Assert.All(results, r => Assert.Equal(("pump7", 0L), (r.Device, r.FramesLost)));
        Assert.Equal(results.Select(r => (r.Offset, r.Score, r.IsAnomaly)),
            replies.Select(r => (r.WindowOffset, r.Score!.Value, r.IsAnomaly!.Value)));
        Assert.Equal(WatchTestData.Signal.Length, sent.FramesSent);
        Assert.Equal(0, run.ListenerStatistics!.Malformed);
        Assert.Single(run.Summary!.Devices);
    }

    [Fact]
    public async Task InjectedLossIsCountedExactlyAndTimeStaysTrue()
    {
        var (results, _, sent, run) = await StreamAndWatch(Options(), SignalFile(), dropEvery: 50);

        // 300 packets of 20 ms; every 50th is never sent: 6 lost packets of 320 frames, filled with silence.
        Assert.Equal(6, sent.PacketsDropped);
        var device = Assert.Single(run.Summary!.Devices);
        // The last packet is the 300th: dropped at the very end, nobody can know it was sent.
        Assert.Equal(5 * 320, device.FramesLost);
        // Offsets stay on the sender's time line; the 6 s window lacks its last (dropped) packet, so the stream ends
        // when the sender goes quiet, one window short.
        Assert.Equal(new[] { 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5 }, results.Select(r => r.Offset));
        Assert.Equal(5 * 320, results[^1].FramesLost);
    }

    [Fact]
    public async Task ResultsArePublishedToMqttAsTheyAreEmitted()
    {
        using var broker = new Mosquitto();
        var received = Task.Run(async () =>
        {
            var list = new List<AnomalyEventMessage>();
            var o = new MqttSubscriberOptions { Broker = broker.Broker, TopicFilter = "plant/#", Count = 5, Timeout = TimeSpan.FromSeconds(30) };
            await foreach (var e in MqttEventSubscriber.ReceiveAsync(o)) list.Add(e);
            return list;
        });
        await Task.Delay(300);
        var options = Options(new MqttEventOptions { Broker = broker.Broker, Topic = "plant/line3/pump7" }) with { AnomalyOnly = true };
        var (results, _, _, run) = await StreamAndWatch(options, SignalFile());

        Assert.Equal(5, results.Count);
        var events = await received;
        Assert.Equal(results.Select(r => r.Offset), events.Select(e => e.WindowOffset));
        Assert.All(events, e => Assert.True(e.IsAnomaly));
        Assert.Equal(5, run.MqttStatistics!.Published);
    }
}

/// <summary>Start-AudioRecording -Listen: a network sender is recorded like a device, sample for sample.</summary>
public sealed class NetworkRecordingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-netrec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ASenderIsRecordedIntoItsOwnFileExactly()
    {
        var wav = Path.Combine(_dir, "signal.wav");
        using (var w = new WavWriter(wav, WatchTestData.Rate, 1, WavSampleFormat.Pcm16)) w.Write(WatchTestData.AsFloats(WatchTestData.Signal));
        var output = Path.Combine(_dir, "rec");
        using var run = Recorder.Start(new RecordingOptions
        {
            Devices = Array.Empty<string>(),
            OutputDirectory = output,
            Duration = TimeSpan.FromSeconds(6),
            Listen = new RtpListenerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) },
            Capture = new CaptureOptions { QueueCapacity = 4096 },
        });
        using var sender = RtpSender.SendFile(wav, new RtpSenderOptions { Destination = run.ListenEndpoint!, Name = "pump7", Speed = 20, ReplyLinger = TimeSpan.Zero });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var segments = new List<RecordingSegment>();
        await foreach (var e in run.Events.ReadAllAsync(timeout.Token))
        {
            if (e.Segment is { } s) segments.Add(s);
        }

        var segment = Assert.Single(segments);
        Assert.Equal(("pump7", 0L), (segment.Device, segment.FramesLost));
        var recorded = AudioFile.ReadAll(segment.Path).Samples;
        Assert.Equal(WatchTestData.AsFloats(WatchTestData.Signal), recorded);
    }
}
