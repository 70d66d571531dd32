using System.Net;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Network;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Training;
using Xunit;
using AcousticAnomaly.Tests.Models.Classifiers;

namespace AcousticAnomaly.Tests.Network;

/// <summary>A tone classifier (trained once here on ToneDataset) and 2 s of the low tone then 2 s of the high one as
/// a WAV file for a sender to stream.</summary>
public sealed class ToneClassifierFixture : IDisposable
{
    public const int Rate = 16000;
    private readonly string _dir = Directory.CreateTempSubdirectory("aa-classnet-").FullName;

    public ToneClassifierFixture()
    {
        using (var tones = new ToneDataset())
        {
            Model = Path.Combine(_dir, "tones.onnx");
            var options = new ClassifierOptions { Architecture = ClassifierArchitecture.Mlp, Epochs = 15, Width = 8, BatchSize = 8, LearningRate = 0.01, Seed = 2, Patience = 15 };
            new ClassifierModelTrainer(options).Train(LabelledFolders.Read(tones.Root), Model);
        }
        var rng = new Random(1);
        var signal = new float[4 * Rate];
        for (int n = 0; n < signal.Length; n++)
            signal[n] = (float)(0.3 * Math.Sin(2 * Math.PI * (n < 2 * Rate ? 300 : 3200) * n / Rate) + 0.02 * (rng.NextDouble() - 0.5));
        Signal = Path.Combine(_dir, "tones.wav");
        using var w = new WavWriter(Signal, Rate, 1, WavSampleFormat.Pcm16);
        w.Write(signal);
    }

    public string Model { get; }

    public string Signal { get; }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

/// <summary>
/// Watch-AudioClassification over the network, as the users' old workflow did it: a sender streams, the classifier
/// watch replies {label, probability} to it (-Reply) and publishes each result with its label on a real Mosquitto.
/// </summary>
public sealed class ClassificationNetworkTests(ToneClassifierFixture tones) : IClassFixture<ToneClassifierFixture>
{
    private ClassificationWatchOptions Options(MqttEventOptions? mqtt = null) => new()
    {
        ModelPath = tones.Model,
        WindowDuration = TimeSpan.FromSeconds(0.5),
        HopDuration = TimeSpan.FromSeconds(0.5),
        Duration = TimeSpan.FromSeconds(4),
        ChangesOnly = true,
        HoldOff = TimeSpan.Zero,
        Listen = new RtpListenerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), StreamTimeout = TimeSpan.FromSeconds(1) },
        Reply = true,
        Mqtt = mqtt,
        Capture = new CaptureOptions { QueueCapacity = 4096 },
    };

    private async Task<(List<ClassificationWatchResult> Results, List<AnomalyEventMessage> Replies, ClassificationWatchRun Run)> StreamAndWatch(
        ClassificationWatchOptions options)
    {
        var run = ClassificationWatcher.Start(options);
        var (events, replies, _) = await SenderRound.RunAsync(run, tones.Signal);
        return (events.Where(e => e.Result is not null).Select(e => e.Result!).ToList(), replies, run);
    }

    [Fact]
    public async Task TheSenderGetsEveryLabelBackAsAnObject()
    {
        var (results, replies, _) = await StreamAndWatch(Options());

        Assert.Equal("low", results[0].Label);
        Assert.Equal("high", results[^1].Label);
        Assert.All(results, r => Assert.Equal("pump7", r.Device));
        Assert.Equal(results.Select(r => (r.Offset, r.Label, r.Probability)),
            replies.Select(r => (r.WindowOffset, r.Label!, r.Probability!.Value)));
        Assert.All(replies, r => Assert.Equal((null, null, "tones.onnx"), (r.Score, r.IsAnomaly, r.Model)));
    }

    [Fact]
    public async Task EachResultIsPublishedToMqttWithItsLabelAndProbability()
    {
        using var broker = new Mosquitto();
        var first = await StreamAndWatch(Options()); // how many changes the stream gives, to know how many to wait for
        var received = Task.Run(async () =>
        {
            var list = new List<AnomalyEventMessage>();
            var o = new MqttSubscriberOptions { Broker = broker.Broker, TopicFilter = "plant/#", Count = first.Results.Count, Timeout = TimeSpan.FromSeconds(30) };
            await foreach (var e in MqttEventSubscriber.ReceiveAsync(o)) list.Add(e);
            return list;
        });
        await Task.Delay(300);
        var (results, _, run) = await StreamAndWatch(Options(new MqttEventOptions { Broker = broker.Broker, Topic = "plant/line3/pump7" }));

        var events = await received;
        Assert.Equal(results.Select(r => (r.Offset, r.Label, r.Probability)),
            events.Select(e => (e.WindowOffset, e.Label!, e.Probability!.Value)));
        Assert.All(events, e => Assert.Equal(("pump7", "plant/line3/pump7", (double?)null), (e.Device, e.Topic, e.Score)));
        Assert.Equal(results.Count, run.MqttStatistics!.Published);
    }
}
