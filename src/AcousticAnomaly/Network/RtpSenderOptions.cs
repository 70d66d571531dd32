using System.Net;

namespace AcousticAnomaly.Network;

/// <summary>Where and how an <see cref="RtpSender"/> sends.</summary>
public sealed record RtpSenderOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; the destination is a placeholder.</summary>
    public static RtpSenderOptions Defaults { get; } = new() { Destination = new IPEndPoint(IPAddress.Loopback, 0) };

    /// <summary>The listener's address and port.</summary>
    public required IPEndPoint Destination { get; init; }

    /// <summary>The name the listener gives this stream (default: the host name and the device or file name).</summary>
    public string? Name { get; init; }

    /// <summary>Audio per packet (default 20 ms: 640 bytes of 16 kHz mono, well under any MTU).</summary>
    public TimeSpan PacketDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>For files: how many times real time to send (default 1, as a microphone would).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>After a file ends, how long to keep listening for replies (default 2 s).</summary>
    public TimeSpan ReplyLinger { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>For tests and benchmarks: skip every Nth packet (0 = none), to prove loss is counted exactly.</summary>
    public int DropEvery { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Destination);
        if (PacketDuration <= TimeSpan.Zero || PacketDuration > TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(PacketDuration), PacketDuration, "The packet duration must be above 0 and at most 1 s.");
        if (Speed <= 0 || double.IsNaN(Speed)) throw new ArgumentOutOfRangeException(nameof(Speed), Speed, "The speed must be positive.");
        if (ReplyLinger < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReplyLinger), "The reply linger cannot be negative.");
        if (DropEvery < 0) throw new ArgumentOutOfRangeException(nameof(DropEvery), DropEvery, "DropEvery cannot be negative.");
    }
}
