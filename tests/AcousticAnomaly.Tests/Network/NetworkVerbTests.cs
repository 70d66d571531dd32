using System.Diagnostics;
using System.Net;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Network;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Tests.Streaming;
using Xunit;

namespace AcousticAnomaly.Tests.Network;

/// <summary>The `send` and `events` verbs as a user runs them: a child process against an in-process watcher or publisher.</summary>
public sealed class NetworkVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-netcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SendStreamsAFileAndPrintsTheRepliesAsCsv()
    {
        var wav = Path.Combine(_dir, "signal.wav");
        using (var w = new WavWriter(wav, WatchTestData.Rate, 1, WavSampleFormat.Pcm16)) w.Write(WatchTestData.AsFloats(WatchTestData.Signal));
        using var run = StreamWatcher.Start(new WatchOptions
        {
            Devices = Array.Empty<string>(),
            ModelPath = WatchTestData.ModelPath,
            WindowDuration = TimeSpan.FromSeconds(1),
            HopDuration = TimeSpan.FromSeconds(0.5),
            Duration = TimeSpan.FromSeconds(6),
            AnomalyOnly = true,
            Listen = new RtpListenerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) },
            Reply = true,
            Capture = new CaptureOptions { QueueCapacity = 4096 },
        });

        var (code, stdout, stderr) = CliRunner.Run("send", "--file", wav, "--destination", run.ListenEndpoint!.ToString(), "--speed", "20", "--name", "pump7");

        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(CliRunner.HeaderOf<AnomalyEventMessage>(), rows[0]);
        Assert.Equal(new[] { "2.5", "3", "3.5", "4", "4.5" }, rows.Skip(1).Select(r => r[Array.IndexOf(rows[0], "WindowOffset")]));
        Assert.All(rows.Skip(1), r => Assert.Equal("pump7", r[Array.IndexOf(rows[0], "Device")]));
    }

    [Fact]
    public async Task WatchListensForSendersAndPrintsTheirResults()
    {
        var wav = Path.Combine(_dir, "signal.wav");
        using (var w = new WavWriter(wav, WatchTestData.Rate, 1, WavSampleFormat.Pcm16)) w.Write(WatchTestData.AsFloats(WatchTestData.Signal));
        int port;
        using (var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var psi = CliRunner.StartInfo(null, "watch", "--listen", $"127.0.0.1:{port}", "--model", WatchTestData.ModelPath,
            "--window", "1", "--hop", "0.5", "--duration", "6", "--anomaly-only");
        using var child = Process.Start(psi)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        // Streams only once the child listens (binding the port ourselves then fails).
        for (int i = 0; i < 300; i++)
        {
            try
            {
                new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, port)).Dispose();
                await Task.Delay(100);
            }
            catch (System.Net.Sockets.SocketException)
            {
                break;
            }
        }
        using (var sender = RtpSender.SendFile(wav, new RtpSenderOptions { Destination = new IPEndPoint(IPAddress.Loopback, port), Name = "pump7", Speed = 20, ReplyLinger = TimeSpan.Zero }))
        {
            await sender.Completion;
        }
        Assert.True(child.WaitForExit(60000));
        Assert.True(child.ExitCode == 0, await stderr);
        var rows = CliRunner.ParseCsv(await stdout);
        Assert.Equal(CliRunner.HeaderOf<WatchResult>(), rows[0]);
        Assert.Equal(5, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal("pump7", r[1]));
        Assert.Contains("listener 127.0.0.1:", await stderr);
    }

    [Fact]
    public async Task EventsPrintsWhatWatchersPublish()
    {
        using var broker = new Mosquitto();
        var psi = CliRunner.StartInfo(null, "events", "--mqtt-broker", broker.Broker, "--mqtt-topic", "plant/#", "--count", "2", "--timeout", "30");
        using var child = Process.Start(psi)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var publisher = MqttEventPublisher.Start(new MqttEventOptions { Broker = broker.Broker, Topic = "plant/line3/pump7" });
        // The child subscribes when it has started; publish until it has its two events.
        for (int i = 0; !child.WaitForExit(200) && i < 150; i++)
        {
            publisher.Enqueue(new AnomalyEventMessage(DateTimeOffset.UtcNow, "pump7", 0.5, 0, true, null, null, "m", i, 0));
        }
        await publisher.DisposeAsync();
        Assert.Equal(0, child.ExitCode);
        var rows = CliRunner.ParseCsv(await stdout);
        Assert.Equal(CliRunner.HeaderOf<AnomalyEventMessage>(), rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.All(rows.Skip(1), r => Assert.Equal("plant/line3/pump7", r[Array.IndexOf(rows[0], "Topic")]));
    }
}
