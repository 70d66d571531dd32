namespace AcousticAnomaly.Capture;

/// <summary>How one capture session opens and reads its device.</summary>
public sealed record CaptureOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static CaptureOptions Defaults { get; } = new();

    /// <summary>Frames per second requested from the device (default 16000, the DCASE rate).</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Channels requested (default 1).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Sample type delivered in the blocks (default 16-bit integers).</summary>
    public CaptureSampleFormat SampleFormat { get; init; } = CaptureSampleFormat.Int16;

    /// <summary>Frames per block (default 1024 = 64 ms at 16 kHz).</summary>
    public int FramesPerBlock { get; init; } = 1024;

    /// <summary>Blocks the queue holds before new blocks are dropped and counted (default 256 = 16 s at the defaults).</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>How long to wait between attempts to reopen a device that failed (default 2 s).</summary>
    public TimeSpan ReopenInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A running device that delivers nothing for this long is treated as lost (default 5 s).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// If set, reading never runs faster than this many times real time. Real devices pace themselves; file-backed
    /// test devices (ALSA's file plugin) do not, and would otherwise fill the queue in milliseconds.
    /// </summary>
    public double? SpeedLimit { get; init; }

    /// <summary>
    /// If set, a device that gives no usable audio for this long (gone, or reopening only to fail again) is given up:
    /// capture ends with <see cref="CaptureState.GaveUp"/> and the outage counted as lost. Null retries for ever (24/7
    /// recorders); a recording with a Duration uses that duration, so it always finishes.
    /// </summary>
    public TimeSpan? MaxOutage { get; init; }

    internal void Validate()
    {
        if (SampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The sample rate must be positive.");
        if (Channels <= 0) throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "The channel count must be positive.");
        if (FramesPerBlock <= 0) throw new ArgumentOutOfRangeException(nameof(FramesPerBlock), FramesPerBlock, "Frames per block must be positive.");
        if (QueueCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "The queue capacity must be positive.");
        if (ReopenInterval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReopenInterval), "The reopen interval cannot be negative.");
        if (StallTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StallTimeout), "The stall timeout must be positive.");
        if (MaxOutage is { } m && m <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxOutage), "The longest outage must be positive.");
        if (SpeedLimit is <= 0) throw new ArgumentOutOfRangeException(nameof(SpeedLimit), SpeedLimit, "The speed limit must be positive.");
    }
}
