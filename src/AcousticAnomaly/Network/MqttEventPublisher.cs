using System.Net;
using System.Text;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace AcousticAnomaly.Network;

/// <summary>
/// Publishes watch results to an MQTT broker as JSON (QoS 1), in order, from one background loop. While the broker is
/// unreachable events wait in a bounded queue and go out on reconnect, oldest first; an event is taken off the queue
/// only once the broker acknowledged it, so a broker restart loses nothing (at worst one is delivered twice, as QoS 1
/// allows). Events that do not fit are counted (<see cref="MqttPublisherStatistics.Overflowed"/>) and reported.
/// A retained "online" goes to the status topic on each connect, with a retained "offline" as Last Will.
/// </summary>
public sealed class MqttEventPublisher : IAsyncDisposable
{
    private readonly MqttEventOptions _options;
    private readonly MqttClientOptions _clientOptions;
    private readonly IMqttClient _client;
    private readonly Channel<AnomalyEventMessage> _queue;
    private readonly Channel<MqttNotice> _notices = Channel.CreateBounded<MqttNotice>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _published, _overflowed, _connects, _enqueued;
    private volatile bool _connected;
    private string? _failure; // why the last connection attempt failed, reported once until it changes
    private volatile bool _refused; // ... and it was the broker saying no (login, certificate), not a broker that is down

    private MqttEventPublisher(MqttEventOptions options, string clientId)
    {
        _options = options;
        ClientId = clientId;
        _clientOptions = MqttConnection.Options(options.Broker, options.UseTls, options.CaFile, options.Username, options.Password, clientId,
            options.StatusTopic, cleanStart: true);
        _client = new MqttClientFactory().CreateMqttClient();
        _queue = Channel.CreateBounded<AnomalyEventMessage>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _overflowed));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Starts publishing (connecting in the background: an unreachable broker is not an error, its events
    /// wait). Bad options throw here.</summary>
    public static MqttEventPublisher Start(MqttEventOptions options, IEnumerable<string>? devices = null, IPEndPoint? listen = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var parts = (devices ?? Array.Empty<string>()).ToList();
        if (listen is not null) parts.Add($"rtp{listen.Port}");
        return new MqttEventPublisher(options, options.ClientId ?? MqttConnection.ClientId("acoustic-anomaly", parts));
    }

    public string ClientId { get; }

    /// <summary>Connection changes and overflow, as readable lines, for the watch to report.</summary>
    public ChannelReader<MqttNotice> Notices => _notices.Reader;

    public MqttPublisherStatistics Statistics => new(ClientId, Interlocked.Read(ref _enqueued), Interlocked.Read(ref _published),
        Interlocked.Read(ref _overflowed), _queue.Reader.Count, Interlocked.Read(ref _connects), _connected);

    /// <summary>Queues an event; never blocks (a full queue counts it as overflow).</summary>
    public void Enqueue(AnomalyEventMessage message)
    {
        Interlocked.Increment(ref _enqueued);
        _queue.Writer.TryWrite(message);
    }

    /// <summary>Delivers what is queued (up to <see cref="MqttEventOptions.DrainTimeout"/>; not at all when the broker
    /// refuses the login or its certificate was refused, which waiting will not change), sets the status offline and
    /// disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        var drained = await Task.WhenAny(_loop, Task.Delay(_refused ? TimeSpan.Zero : _options.DrainTimeout)).ConfigureAwait(false) == _loop;
        if (!drained) _stop.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        try
        {
            if (_client.IsConnected)
            {
                await PublishStatusAsync("offline", CancellationToken.None).ConfigureAwait(false);
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
        {
            // The will says offline for us.
        }
        _client.Dispose();
        _notices.Writer.TryComplete();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        var reader = _queue.Reader;
        // Connects before the first event, not at it: the retained "online" (and the Last Will behind it) must say the
        // watcher runs even while it has nothing to report, and a wrong password or certificate shows at once.
        while (!reader.Completion.IsCompleted)
        {
            if (!_client.IsConnected && !await ConnectAsync(token).ConfigureAwait(false))
            {
                await Task.Delay(_options.ReconnectInterval, token).ConfigureAwait(false);
                continue;
            }
            if (!await reader.WaitToReadAsync(token).ConfigureAwait(false)) break;
            if (!reader.TryPeek(out var message)) continue;
            try
            {
                var result = await _client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(_options.Topic)
                    .WithPayload(message.ToJson())
                    .WithContentType("application/json")
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(), token).ConfigureAwait(false);
                if (!result.IsSuccess) throw new MqttCommunicationException($"the broker refused the event: {result.ReasonCode}");
                reader.TryRead(out _); // acknowledged: only now is it off the queue
                Interlocked.Increment(ref _published);
            }
            catch (Exception ex) when (IsConnectionFailure(ex, token))
            {
                Lost(ex.Message);
            }
        }
    }

    private async Task<bool> ConnectAsync(CancellationToken token)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await MqttConnection.ConnectAsync(_client, _clientOptions, timeout.Token).ConfigureAwait(false);
            await PublishStatusAsync("online", token).ConfigureAwait(false);
            _connected = true;
            var failedBefore = _failure is not null;
            (_failure, _refused) = (null, false);
            if (Interlocked.Increment(ref _connects) > 1 || failedBefore) _notices.Writer.TryWrite(new MqttNotice(true, $"connected to {_options.Broker} as {ClientId}; {_queue.Reader.Count} events queued"));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // Everything, not just IsConnectionFailure: a refused login or certificate must be reported, not end the loop.
            _refused = MqttConnection.IsRefusal(ex);
            CannotConnect(MqttConnection.Describe(_options.Broker, ex));
            return false;
        }
    }

    /// <summary>What a broker that is down or restarting throws (refused, reset, timed out, not connected), as
    /// opposed to this publisher being stopped.</summary>
    private static bool IsConnectionFailure(Exception ex, CancellationToken token) =>
        ex is MqttCommunicationException or InvalidOperationException or IOException or System.Net.Sockets.SocketException
        || ex is OperationCanceledException && !token.IsCancellationRequested;

    /// <summary>Reports a failed connection attempt: a refusal (login, certificate) once per distinct reason, a broker
    /// that cannot be reached once at start; a broker that went away was reported as lost, and its restart's
    /// intermediate errors are noise. The events stay queued and the attempts go on, as a fault may be fixed on the
    /// broker's side.</summary>
    private void CannotConnect(string why)
    {
        bool report = !_connected && why != _failure && (_refused || (Interlocked.Read(ref _connects) == 0 && _failure is null));
        Lost(why);
        if (report) _notices.Writer.TryWrite(new MqttNotice(false, $"{why} Events are queued; retrying every {_options.ReconnectInterval.TotalSeconds:0.###} s."));
        _failure = why;
    }

    private void Lost(string why)
    {
        if (_connected) _notices.Writer.TryWrite(new MqttNotice(false, $"lost {_options.Broker} ({why}); events are queued until it is back"));
        _connected = false;
    }

    private Task PublishStatusAsync(string status, CancellationToken token) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(_options.StatusTopic)
            .WithPayload(Encoding.UTF8.GetBytes(status))
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), token);
}

/// <summary>An MQTT publisher's counters. Every event handed to it is published, still queued, or overflowed.</summary>
/// <param name="ClientId">Its MQTT client id.</param>
/// <param name="Enqueued">Events handed to it.</param>
/// <param name="Published">Events the broker acknowledged.</param>
/// <param name="Overflowed">Events dropped because the queue was full while the broker was unreachable.</param>
/// <param name="Queued">Events waiting now.</param>
/// <param name="Connects">Successful connections (1 + reconnections).</param>
/// <param name="Connected">Connected right now.</param>
public sealed record MqttPublisherStatistics(string ClientId, long Enqueued, long Published, long Overflowed, int Queued,
    long Connects, bool Connected);

/// <summary>A publisher's connection change.</summary>
/// <param name="Connected">True when (re)connected, false when the broker was lost.</param>
/// <param name="Message">A readable description.</param>
public sealed record MqttNotice(bool Connected, string Message);
