using System.Net;
using System.Net.Sockets;

namespace AcousticAnomaly.Network;

/// <summary>An address or a CIDR range ("10.0.0.0/8", "::1") that senders are accepted from.</summary>
public sealed record AddressRange(IPAddress Network, int PrefixLength)
{
    /// <summary>Parses "address" or "address/prefix"; <see cref="FormatException"/> naming the text otherwise.</summary>
    public static AddressRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText.Trim(), out var address)) throw new FormatException($"'{text}' is not an IP address or CIDR range.");
        int max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int prefix = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], out prefix) || prefix < 0 || prefix > max))
            throw new FormatException($"'{text}' has no valid prefix length (0 to {max}).");
        return new AddressRange(address, prefix);
    }

    /// <summary>True when <paramref name="address"/> is in the range (IPv4-mapped IPv6 addresses count as IPv4).</summary>
    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var net = Network.IsIPv4MappedToIPv6 ? Network.MapToIPv4() : Network;
        if (address.AddressFamily != net.AddressFamily) return false;
        Span<byte> a = stackalloc byte[16], n = stackalloc byte[16];
        address.TryWriteBytes(a, out int length);
        net.TryWriteBytes(n, out _);
        int bits = PrefixLength;
        for (int i = 0; i < length && bits > 0; i++, bits -= 8)
        {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }

    public override string ToString() => $"{Network}/{PrefixLength}";
}
