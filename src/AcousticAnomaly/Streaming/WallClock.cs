using System.Diagnostics;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// UTC anchored once, then advanced by the monotonic Stopwatch - the way <see cref="Capture.CaptureSession"/> stamps
/// its blocks - so latencies compare two readings of the same kind of clock and never jump with NTP adjustments.
/// </summary>
internal sealed class WallClock
{
    private readonly DateTimeOffset _anchor = DateTimeOffset.UtcNow;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public DateTimeOffset Now => _anchor + _elapsed.Elapsed;

    public TimeSpan Elapsed => _elapsed.Elapsed;
}
