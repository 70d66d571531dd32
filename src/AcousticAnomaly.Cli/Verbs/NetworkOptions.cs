using System.CommandLine;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>The --listen/--allow-from and --mqtt-* options shared by watch and record (CLI twins of the cmdlets'
/// -Listen/-AllowFrom and -Mqtt* parameters).</summary>
internal sealed class NetworkOptions
{
    public Option<string?> Listen { get; } = new("--listen") { Description = "Also take audio from network senders (acoustic-anomaly send) on host:port; a bare port listens on loopback only." };
    public Option<string[]> AllowFrom { get; } = new("--allow-from") { Description = "With --listen: accept only these senders (addresses or CIDR ranges); repeatable." };
    public Option<string?> MqttBroker { get; } = new("--mqtt-broker") { Description = "Also publish each printed result to this MQTT broker (host:port), QoS 1." };
    public Option<string?> MqttTopic { get; } = new("--mqtt-topic") { Description = "With --mqtt-broker: the topic (retained status on TOPIC/status)." };
    public Option<string?> MqttUser { get; } = new("--mqtt-user") { Description = "With --mqtt-broker: user name (the password comes from the MQTT_PASSWORD environment variable)." };
    public Option<bool> MqttTls { get; } = new("--mqtt-tls") { Description = "With --mqtt-broker: connect with TLS (default port 8883)." };
    public Option<string?> MqttCaFile { get; } = new("--mqtt-ca-file") { Description = "With --mqtt-broker: PEM file of the CA that signed the broker's certificate; implies --mqtt-tls." };

    public IEnumerable<Option> Listening => new Option[] { Listen, AllowFrom };

    public IEnumerable<Option> Mqtt => new Option[] { MqttBroker, MqttTopic, MqttUser, MqttTls, MqttCaFile };

    /// <summary>Reads --listen/--allow-from and --mqtt-*; a bad value is printed as `acoustic-anomaly VERB: ...` and
    /// false returned (exit code 1).</summary>
    public bool TryRead(ParseResult parseResult, string verb, out RtpListenerOptions? listen, out MqttEventOptions? mqtt)
    {
        try
        {
            (listen, mqtt) = (ListenOptions(parseResult), MqttOptions(parseResult));
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"acoustic-anomaly {verb}: {ex.Message}");
            (listen, mqtt) = (null, null);
            return false;
        }
    }

    /// <summary>The listener's options, or null without --listen; a bad address throws <see cref="FormatException"/>.</summary>
    private RtpListenerOptions? ListenOptions(ParseResult parseResult)
    {
        if (parseResult.GetValue(Listen) is not { } listen) return null;
        return new RtpListenerOptions
        {
            Endpoint = NetworkEndpoint.Parse(listen, RtpListenerOptions.DefaultPort),
            AllowFrom = (parseResult.GetValue(AllowFrom) ?? Array.Empty<string>()).Select(AddressRange.Parse).ToArray(),
        };
    }

    /// <summary>The publisher's options, or null without --mqtt-broker; a broker without a topic throws.</summary>
    private MqttEventOptions? MqttOptions(ParseResult parseResult)
    {
        var broker = parseResult.GetValue(MqttBroker);
        var topic = parseResult.GetValue(MqttTopic);
        if (broker is null && topic is null) return null;
        if (broker is null || topic is null) throw new ArgumentException("--mqtt-broker and --mqtt-topic go together.");
        return new MqttEventOptions
        {
            Broker = broker,
            Topic = topic,
            Username = parseResult.GetValue(MqttUser),
            Password = Environment.GetEnvironmentVariable("MQTT_PASSWORD"),
            UseTls = parseResult.GetValue(MqttTls),
            CaFile = parseResult.GetValue(MqttCaFile),
        };
    }
}
