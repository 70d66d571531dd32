namespace AcousticAnomaly.Network;

/// <summary>Which MQTT broker and topic results go to, and how to log in.</summary>
public sealed record MqttEventOptions
{
    /// <summary>The default MQTT port (8883 is used instead when <see cref="UseTls"/> is set and no port is given).</summary>
    public const int DefaultPort = 1883;

    /// <summary>"host:port" of the broker.</summary>
    public required string Broker { get; init; }

    /// <summary>Events are published here (QoS 1); the retained online/offline status goes to "Topic/status".</summary>
    public required string Topic { get; init; }

    public string? Username { get; init; }

    /// <summary>Never printed: <see cref="ToString"/> leaves it out.</summary>
    public string? Password { get; init; }

    /// <summary>Connect with TLS (the broker's certificate is checked against the system's trust store, or
    /// <see cref="CaFile"/>).</summary>
    public bool UseTls { get; init; }

    /// <summary>PEM file of the CA that signed the broker's certificate, trusted instead of the system's store (a
    /// plant's own CA); implies TLS.</summary>
    public string? CaFile { get; init; }

    /// <summary>The client id; default "acoustic-anomaly-HOST-DEVICES", so a broker tells the watchers apart.</summary>
    public string? ClientId { get; init; }

    /// <summary>Events held while the broker is unreachable (default 10000, about a week of one event a minute per
    /// device for 1 device); further events are counted as overflow and not published.</summary>
    public int QueueCapacity { get; init; } = 10000;

    /// <summary>Wait between reconnection attempts (default 1 s).</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>At the end of a watch, how long to keep trying to deliver what is still queued (default 10 s).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The retained status topic.</summary>
    public string StatusTopic => Topic.TrimEnd('/') + "/status";

    internal (string Host, int Port) Endpoint => NetworkEndpoint.Split(Broker, UseTls || CaFile is not null ? 8883 : DefaultPort);

    /// <summary>The options without the password, for logs and -Verbose.</summary>
    public override string ToString() =>
        $"{nameof(MqttEventOptions)} {{ Broker = {Broker}, Topic = {Topic}, Username = {Username}, Password = {(Password is null ? "" : "***")}, UseTls = {UseTls}, CaFile = {CaFile}, ClientId = {ClientId}, QueueCapacity = {QueueCapacity} }}";

    internal void Validate()
    {
        _ = Endpoint;
        if (CaFile is not null) BrokerCertificateCheck.LoadCaFile(CaFile);
        if (string.IsNullOrWhiteSpace(Topic) || Topic.Contains('#') || Topic.Contains('+'))
            throw new ArgumentException($"'{Topic}' is not a topic to publish to (no wildcards).", nameof(Topic));
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "The queue must hold at least one event.");
        if (ReconnectInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReconnectInterval), "The reconnect interval must be positive.");
    }
}
