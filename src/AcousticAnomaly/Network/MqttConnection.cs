using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace AcousticAnomaly.Network;

/// <summary>Builds the MQTTnet client options shared by the publisher and the subscriber.</summary>
internal static class MqttConnection
{
    /// <summary>A CA file implies TLS (as mosquitto_sub --cafile does); a bad CA file throws <see cref="ArgumentException"/>.</summary>
    public static MqttClientOptions Options(string broker, bool tls, string? caFile, string? username, string? password, string clientId,
        string? willTopic, bool cleanStart, uint sessionExpirySeconds = 0)
    {
        tls |= caFile is not null;
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
        if (tls)
        {
            var check = new BrokerCertificateCheck(caFile);
            builder = builder.WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(check.Validate));
        }
        if (willTopic is not null)
        {
            builder = builder.WithWillTopic(willTopic).WithWillPayload(Encoding.UTF8.GetBytes("offline"))
                .WithWillRetain(true).WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }
        return builder.Build();
    }

    /// <summary>Connects; a refusal by the broker (wrong password, not authorized) throws
    /// <see cref="MqttBrokerRefusedException"/> instead of leaving a client that is silently not connected.</summary>
    public static async Task ConnectAsync(IMqttClient client, MqttClientOptions options, CancellationToken cancellationToken)
    {
        var result = await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success) throw new MqttBrokerRefusedException(result.ResultCode, result.ReasonString);
    }

    /// <summary>Why connecting to <paramref name="broker"/> failed, in one line that names it: a refused login, a
    /// refused certificate, a TLS/plain mismatch, a broker that is down; never a stack trace.</summary>
    public static string Describe(string broker, Exception ex)
    {
        var all = Chain(ex).ToList();
        if (all.OfType<BrokerCertificateRejectedException>().FirstOrDefault() is { } rejected)
            return $"MQTT broker {broker}: TLS refused: {rejected.Message}.";
        if (all.OfType<MqttBrokerRefusedException>().FirstOrDefault() is { } refused)
        {
            return refused.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized
                ? $"MQTT broker {broker} refused the login ({refused.ResultCode}): check the user name and password."
                : $"MQTT broker {broker} refused the connection ({refused.ResultCode}).";
        }
        if (all.OfType<MqttConnectingFailedException>().FirstOrDefault() is { } closed)
            return $"MQTT broker {broker} closed the connection while logging in ({closed.Message}); does it want TLS?";
        if (all.OfType<AuthenticationException>().FirstOrDefault() is { } handshake)
            return $"MQTT broker {broker}: TLS handshake failed ({handshake.Message}); is it a TLS listener?";
        if (all.OfType<MqttCommunicationTimedOutException>().Any())
            return $"MQTT broker {broker} did not answer in time (TLS asked of a plain listener, or the reverse?).";
        if (all.OfType<SocketException>().FirstOrDefault() is { SocketErrorCode: SocketError.ConnectionReset } reset)
            return $"MQTT broker {broker} reset the connection ({reset.Message}); TLS asked of a plain listener?";
        if (all.OfType<SocketException>().FirstOrDefault() is { } socket)
            return $"MQTT broker {broker} is unreachable: {socket.Message}.";
        return $"MQTT broker {broker}: {all[^1].Message}";
    }

    /// <summary>The broker refused the login, or its certificate was refused: retrying soon will not help.</summary>
    public static bool IsRefusal(Exception ex) =>
        Chain(ex).Any(e => e is MqttBrokerRefusedException or BrokerCertificateRejectedException);

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException) yield return e;
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
