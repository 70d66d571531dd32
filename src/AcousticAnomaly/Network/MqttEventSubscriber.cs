using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace AcousticAnomaly.Network;

/// <summary>What <see cref="MqttEventSubscriber"/> subscribes to and when it stops.</summary>
public sealed record MqttSubscriberOptions
{
    /// <summary>"host:port" of the broker.</summary>
    public required string Broker { get; init; }

    /// <summary>Topic filter (wildcards allowed: "plant/#").</summary>
    public required string TopicFilter { get; init; }

    public string? Username { get; init; }

    /// <summary>Never printed: <see cref="ToString"/> leaves it out.</summary>
    public string? Password { get; init; }

    public bool UseTls { get; init; }

    /// <summary>PEM file of the CA that signed the broker's certificate (implies TLS); see <see cref="MqttEventOptions.CaFile"/>.</summary>
    public string? CaFile { get; init; }

    /// <summary>A fixed client id with a session the broker keeps for a day: events published while this subscriber
    /// is away (a broker or subscriber restart) are delivered when it is back. Null = a fresh session each time.</summary>
    public string? PersistentClientId { get; init; }

    /// <summary>Stop after this many events; null = until cancelled.</summary>
    public int? Count { get; init; }

    /// <summary>Stop after this long; null = until cancelled.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The options without the password, for logs and -Verbose.</summary>
    public override string ToString() =>
        $"{nameof(MqttSubscriberOptions)} {{ Broker = {Broker}, TopicFilter = {TopicFilter}, Username = {Username}, Password = {(Password is null ? "" : "***")}, UseTls = {UseTls}, CaFile = {CaFile}, Count = {Count}, Timeout = {Timeout} }}";
}

/// <summary>
/// Receives anomaly events from an MQTT broker (the subscriber behind Receive-AnomalyEvent and `acoustic-anomaly
/// events`): subscribes with QoS 1 and yields each event as an <see cref="AnomalyEventMessage"/>; status messages and
/// foreign payloads on the same topics are skipped. Reconnects and resubscribes if the broker restarts.
/// </summary>
public static class MqttEventSubscriber
{
    private static readonly TimeSpan ReconnectInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Connects (an unreachable broker throws here), then yields events until Count, Timeout or cancellation.</summary>
    public static async IAsyncEnumerable<AnomalyEventMessage> ReceiveAsync(MqttSubscriberOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TopicFilter)) throw new ArgumentException("Give a topic filter.", nameof(options));
        var received = Channel.CreateBounded<AnomalyEventMessage>(new BoundedChannelOptions(10000) { FullMode = BoundedChannelFullMode.Wait });
        using var client = new MqttClientFactory().CreateMqttClient();
        var clientOptions = MqttConnection.Options(options.Broker, options.UseTls, options.CaFile, options.Username, options.Password,
            options.PersistentClientId ?? MqttConnection.ClientId("acoustic-anomaly-events", new[] { Guid.NewGuid().ToString("N")[..8] }),
            null, cleanStart: options.PersistentClientId is null, sessionExpirySeconds: options.PersistentClientId is null ? 0u : 86400u);
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(options.TopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } t) stop.CancelAfter(t);
        client.ApplicationMessageReceivedAsync += async e =>
        {
            var payload = e.ApplicationMessage.Payload;
            var message = AnomalyEventMessage.TryParse(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray(), e.ApplicationMessage.Topic);
            if (message is not null)
            {
                try
                {
                    await received.Writer.WriteAsync(message, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        };
        try
        {
            await MqttConnection.ConnectAsync(client, clientOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new MqttCommunicationException(MqttConnection.Describe(options.Broker, ex), ex);
        }
        await client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        // A broker restart: come back and subscribe again, until stopped. Polled from its own task rather than from
        // the client's Disconnected event, whose handler the client awaits while tearing the connection down.
        var keeper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(ReconnectInterval, stop.Token).ConfigureAwait(false);
                    if (client.IsConnected) continue;
                    await MqttConnection.ConnectAsync(client, clientOptions, stop.Token).ConfigureAwait(false);
                    await client.SubscribeAsync(subscribe, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // Still down; try again.
                }
            }
        });
        int count = 0;
        while (options.Count is not { } most || count < most)
        {
            AnomalyEventMessage message;
            try
            {
                message = await received.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            count++;
            yield return message;
        }
        stop.Cancel();
        await keeper.ConfigureAwait(false);
        if (client.IsConnected) await client.DisconnectAsync().ConfigureAwait(false);
    }
}
