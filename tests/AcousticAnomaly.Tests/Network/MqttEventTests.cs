using AcousticAnomaly.Network;
using Xunit;

namespace AcousticAnomaly.Tests.Network;

/// <summary>The publisher and subscriber against a real Mosquitto started by each test on a free loopback port.</summary>
public sealed class MqttEventTests : IDisposable
{
    private readonly Mosquitto _broker = new();

    public void Dispose() => _broker.Dispose();

    private static AnomalyEventMessage Event(int i) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(i), "pump7", 0.1 * i, 0.0, i > 0, null, null, "bldc", i, 0);

    private MqttEventPublisher Publisher(string topic, int capacity = 100) => MqttEventPublisher.Start(new MqttEventOptions
    {
        Broker = _broker.Broker,
        Topic = topic,
        QueueCapacity = capacity,
        ReconnectInterval = TimeSpan.FromMilliseconds(200),
    }, new[] { "pump7" });

    private Task<List<AnomalyEventMessage>> Subscribe(string filter, int count, string? clientId = null) =>
        Task.Run(async () =>
        {
            var list = new List<AnomalyEventMessage>();
            var options = new MqttSubscriberOptions
            {
                Broker = _broker.Broker, TopicFilter = filter, Count = count, Timeout = TimeSpan.FromSeconds(20),
                PersistentClientId = clientId,
            };
            await foreach (var e in MqttEventSubscriber.ReceiveAsync(options)) list.Add(e);
            return list;
        });

    private string RetainedStatus(string topic) => _broker.RetainedMessage(topic);

    [Fact]
    public async Task EventsArePublishedAsJsonInOrderWithARetainedStatusAndReceivedAsObjects()
    {
        var received = Subscribe("plant/#", 3);
        await Task.Delay(300); // subscribed before the first publish
        await using (var publisher = Publisher("plant/line3/pump7"))
        {
            for (int i = 0; i < 3; i++) publisher.Enqueue(Event(i));
            var events = await received;
            Assert.Equal(new double[] { 0, 1, 2 }, events.Select(e => e.WindowOffset));
            Assert.All(events, e => Assert.Equal(("pump7", "plant/line3/pump7", "bldc"), (e.Device, e.Topic, e.Model)));
            Assert.Equal(0.2, events[2].Score!.Value, 12);
            Assert.Equal("online", RetainedStatus("plant/line3/pump7/status"));
            Assert.StartsWith("acoustic-anomaly-", publisher.ClientId);
            Assert.Contains("pump7", publisher.ClientId);
        }
        Assert.Equal("offline", RetainedStatus("plant/line3/pump7/status"));
    }

    [Fact]
    public async Task EventsRaisedWhileTheBrokerIsDownArePublishedInOrderOnceItIsBack()
    {
        // A subscriber with a persistent session, so the broker keeps what is published before it reconnects.
        var received = Subscribe("plant/#", 10, clientId: "restart-test-subscriber");
        await Task.Delay(300);
        var publisher = Publisher("plant/line3/pump7");
        for (int i = 0; i < 5; i++) publisher.Enqueue(Event(i));
        while (publisher.Statistics.Published < 5) await Task.Delay(20);
        await Task.Delay(1200); // the broker's autosave writes the subscriber's session

        _broker.Stop();
        for (int i = 5; i < 10; i++) publisher.Enqueue(Event(i));
        await Task.Delay(300);
        Assert.True(publisher.Statistics.Queued >= 4);
        _broker.Start();

        var events = await received;
        await publisher.DisposeAsync();
        // QoS 1 is at-least-once: an event in flight when the broker went away may come twice, never out of order.
        var offsets = events.Select(e => e.WindowOffset).Where((x, i) => i == 0 || x != events[i - 1].WindowOffset).ToArray();
        Assert.Equal(Enumerable.Range(0, offsets.Length).Select(i => (double)i), offsets);
        Assert.True(offsets.Length >= 9, $"got {string.Join(",", offsets)}; {publisher.Statistics}");
        var s = publisher.Statistics;
        Assert.Equal((10L, 10L, 0L, 0), (s.Enqueued, s.Published, s.Overflowed, s.Queued));
        Assert.Equal(2, s.Connects);
    }

    [Fact]
    public async Task WhatDoesNotFitTheQueueWhileTheBrokerIsDownIsCounted()
    {
        _broker.Stop();
        var publisher = MqttEventPublisher.Start(new MqttEventOptions
        {
            Broker = _broker.Broker, Topic = "plant/x", QueueCapacity = 2, DrainTimeout = TimeSpan.FromMilliseconds(100),
        });
        for (int i = 0; i < 5; i++) publisher.Enqueue(Event(i));
        var s = publisher.Statistics;
        Assert.Equal((5L, 0L, 3L, 2), (s.Enqueued, s.Published, s.Overflowed, s.Queued));
        await publisher.DisposeAsync();
    }
}
