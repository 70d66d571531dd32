using System.Net;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// Where a watch's results go besides its caller, the same for anomaly scores and labels: back to the network sender
/// they came from (-Reply) and to an MQTT broker (-MqttBroker), as <see cref="AnomalyEventMessage"/> JSON.
/// </summary>
internal sealed class ResultOutlet : IAsyncDisposable
{
    private readonly MqttEventPublisher? _publisher;
    private readonly bool _reply;

    private ResultOutlet(MqttEventPublisher? publisher, bool reply) => (_publisher, _reply) = (publisher, reply);

    /// <summary>Null when results go nowhere else; bad MQTT options throw here.</summary>
    public static ResultOutlet? Start(ILiveWatchOptions options)
    {
        if (options.Mqtt is null && !options.Reply) return null;
        var publisher = options.Mqtt is { } mqtt ? MqttEventPublisher.Start(mqtt, options.Devices, options.Listen?.Endpoint) : null;
        return new ResultOutlet(publisher, options.Reply);
    }

    /// <summary>The MQTT publisher's counters, with a broker.</summary>
    public MqttPublisherStatistics? Statistics => _publisher?.Statistics;

    /// <summary>Sends a result on (never blocks: MQTT queues it, a reply is one datagram).</summary>
    public void Deliver(IAudioSource source, AnomalyEventMessage message)
    {
        if (_reply && source is RtpStreamSource stream) stream.Reply(message.ToJson());
        _publisher?.Enqueue(message);
    }

    /// <summary>The broker going away and coming back, reported like a device outage (as warnings); ends when the
    /// publisher is disposed.</summary>
    public async Task ForwardNoticesAsync(Action<CaptureStatus> report)
    {
        if (_publisher is null) return;
        await foreach (var notice in _publisher.Notices.ReadAllAsync().ConfigureAwait(false))
        {
            var state = notice.Connected ? CaptureState.Reopened : CaptureState.DeviceLost;
            report(new CaptureStatus("mqtt", state, DateTimeOffset.UtcNow, 0, 0, notice.Message, null));
        }
    }

    /// <summary>Delivers what MQTT still holds (up to its drain timeout) and disconnects.</summary>
    public ValueTask DisposeAsync() => _publisher?.DisposeAsync() ?? ValueTask.CompletedTask;
}
