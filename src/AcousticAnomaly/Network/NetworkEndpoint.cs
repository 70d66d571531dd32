using System.Net;
using System.Net.Sockets;

namespace AcousticAnomaly.Network;

/// <summary>Parses the "host:port" the cmdlets and verbs take (-Listen, -Destination, -MqttBroker).</summary>
public static class NetworkEndpoint
{
    /// <summary>"host:port", "[v6]:port", just "host" with <paramref name="defaultPort"/>, or just a port on loopback. Names are resolved
    /// (IPv4 preferred); a bad port or unknown host throws <see cref="FormatException"/> naming the text.</summary>
    public static IPEndPoint Parse(string text, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A bare port means loopback (IPAddress.TryParse would read "5004" as the address 0.0.19.148).
        if (text.Trim().All(char.IsAsciiDigit) && text.Trim().Length > 0) text = "127.0.0.1:" + text.Trim();
        var (host, port) = Split(text, defaultPort);
        if (IPAddress.TryParse(host, out var address)) return new IPEndPoint(address, port);
        IPAddress[] found;
        try
        {
            found = Dns.GetHostAddresses(host);
        }
        catch (SocketException ex)
        {
            throw new FormatException($"'{text}': host '{host}' was not found ({ex.Message}).", ex);
        }
        var pick = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault()
            ?? throw new FormatException($"'{text}': host '{host}' has no address.");
        return new IPEndPoint(pick, port);
    }

    /// <summary>Splits "host:port" without resolving the host (the MQTT client resolves it itself).</summary>
    public static (string Host, int Port) Split(string text, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        string host = text, portText = "";
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0) throw new FormatException($"'{text}' is not host:port.");
            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':') throw new FormatException($"'{text}' is not host:port.");
                portText = text[(close + 2)..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            int colon = text.IndexOf(':');
            host = text[..colon];
            portText = text[(colon + 1)..];
        }
        int port = defaultPort;
        if (portText.Length > 0 && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new FormatException($"'{text}' has no valid port (1 to 65535).");
        if (host.Length == 0) throw new FormatException($"'{text}' has no host.");
        return (host, port);
    }
}
