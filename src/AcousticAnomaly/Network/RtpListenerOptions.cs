using System.Net;
using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Network;

/// <summary>How an <see cref="RtpListener"/> listens, whom it accepts and how much it holds.</summary>
public sealed record RtpListenerOptions
{
    /// <summary>The default RTP port (RFC 3551's first even dynamic port, used by most RTP tools).</summary>
    public const int DefaultPort = 5004;

    /// <summary>Where to listen (default 127.0.0.1:5004: loopback only, unless an address is given).</summary>
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>Senders accepted (addresses or CIDR ranges); empty = any sender that can reach the endpoint.</summary>
    public IReadOnlyList<AddressRange> AllowFrom { get; init; } = Array.Empty<AddressRange>();

    /// <summary>The format every stream is delivered in (rate, channels, block size, queue): senders must send this
    /// rate and channel count; packets in another format are counted and dropped.</summary>
    public CaptureOptions Capture { get; init; } = new();

    /// <summary>Packets held to put reordered ones back in order (default 8 = 160 ms of 20 ms packets); a missing packet
    /// is given up once this many later ones have come.</summary>
    public int JitterPackets { get; init; } = 8;

    /// <summary>Largest datagram accepted (default 8192 bytes: 20 ms of 48 kHz stereo L16 is 3840); larger ones are
    /// counted as oversized and dropped.</summary>
    public int MaxPacketBytes { get; init; } = 8192;

    /// <summary>Senders streaming at once (default 64); packets of further new senders are counted and dropped.</summary>
    public int MaxStreams { get; init; } = 64;

    /// <summary>A sender silent this long is reported and its stream ends (default 2 s); if it comes back, a new stream
    /// starts.</summary>
    public TimeSpan StreamTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Lost audio up to this long is filled with silence (default 10 s); a longer gap is left as a gap.</summary>
    public TimeSpan MaxConcealed { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint);
        Capture.Validate();
        if (Capture.SampleFormat != CaptureSampleFormat.Int16) throw new ArgumentException("Network streams deliver 16-bit samples.", nameof(Capture));
        if (JitterPackets is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(JitterPackets), JitterPackets, "The jitter buffer holds 1 to 1024 packets.");
        if (MaxPacketBytes is < 64 or > 65507) throw new ArgumentOutOfRangeException(nameof(MaxPacketBytes), MaxPacketBytes, "The packet limit must be 64 to 65507 bytes.");
        if (MaxStreams < 1) throw new ArgumentOutOfRangeException(nameof(MaxStreams), MaxStreams, "At least one stream.");
        if (StreamTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StreamTimeout), "The stream timeout must be positive.");
        if (MaxConcealed < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxConcealed), "The concealment limit cannot be negative.");
    }
}
