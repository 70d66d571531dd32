using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace AcousticAnomaly.Network;

/// <summary>Builds the MQTTnet client options shared by the publisher and the subscriber.</summary>
internal static class MqttConnection
{
    public static MqttClientOptions Options(string broker, bool tls, string? username, string? password, string clientId,
        string? willTopic, bool cleanStart, uint sessionExpirySeconds = 0)
    {
        var (host, port) = NetworkEndpoint.Split(broker, tls ? 8883 : MqttEventOptions.DefaultPort);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithCleanStart(cleanStart)
            .WithSessionExpiryInterval(sessionExpirySeconds);
        if (username is not null) builder = builder.WithCredentials(username, password ?? "");
        if (tls) builder = builder.WithTlsOptions(o => o.UseTls());
        if (willTopic is not null)
        {
            builder = builder.WithWillTopic(willTopic).WithWillPayload(Encoding.UTF8.GetBytes("offline"))
                .WithWillRetain(true).WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }
        return builder.Build();
    }

    /// <summary>A client id MQTT brokers accept: letters, digits and '-', at most 64 characters.</summary>
    public static string ClientId(string prefix, IEnumerable<string> parts)
    {
        var sb = new StringBuilder(prefix);
        foreach (var part in parts.Prepend(Environment.MachineName))
        {
            sb.Append('-');
            foreach (char c in part) sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }
        return sb.Length <= 64 ? sb.ToString() : sb.ToString(0, 64);
    }
}
