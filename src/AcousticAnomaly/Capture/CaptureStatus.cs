namespace AcousticAnomaly.Capture;

/// <summary>What happened to a capture session.</summary>
public enum CaptureState
{
    /// <summary>The stream is open and delivering audio.</summary>
    Running,
    /// <summary>A read failed; the stream was closed and will be reopened every ReopenInterval.</summary>
    DeviceLost,
    /// <summary>An attempt to reopen a lost device failed; another will follow.</summary>
    ReopenFailed,
    /// <summary>A lost device is delivering audio again; the outage was counted as lost frames.</summary>
    Reopened,
    /// <summary>The session was stopped and its stream closed.</summary>
    Stopped,
    /// <summary>The device gave no usable audio for MaxOutage; capture stopped and the outage was counted as lost frames.</summary>
    GaveUp,
}

/// <summary>A change in a capture session's state, with the error that caused it when there was one.</summary>
/// <param name="Device">The device's name.</param>
/// <param name="State">The new state.</param>
/// <param name="Time">When it happened (UTC).</param>
/// <param name="FrameIndex">The frame counter at that moment.</param>
/// <param name="FramesLost">For Reopened: frames the outage cost (the frame counter skipped them).</param>
/// <param name="Message">A readable description.</param>
/// <param name="Error">The device error, for DeviceLost and ReopenFailed.</param>
public sealed record CaptureStatus(string Device, CaptureState State, DateTimeOffset Time, long FrameIndex, long FramesLost,
    string Message, AudioDeviceException? Error);

/// <summary>A session's counters at one moment. Every frame is in exactly one of captured, dropped or lost.</summary>
/// <param name="Device">The device's name.</param>
/// <param name="FramesCaptured">Frames read from the device (including any later dropped from the full queue).</param>
/// <param name="InputOverflows">Reads on which PortAudio reported paInputOverflowed (the device lost input).</param>
/// <param name="FramesDropped">Frames read but dropped because the queue was full (consumer too slow).</param>
/// <param name="FramesLostToOutages">Frames skipped while the device was lost (outage time x rate).</param>
/// <param name="Outages">Times the device was lost.</param>
public sealed record CaptureStatistics(string Device, long FramesCaptured, long InputOverflows, long FramesDropped,
    long FramesLostToOutages, int Outages);
