namespace AcousticAnomaly.Streaming;

/// <summary>
/// The verdict on one sliding window of live audio (emitted by Watch-AnomalyStream and `acoustic-anomaly watch`).
/// </summary>
/// <param name="Time">Wall-clock time (UTC) of the window's end, from the capture time of its last block.</param>
/// <param name="Device">The device.</param>
/// <param name="Offset">Seconds of audio since the device's stream began, at the window's end (frame index / rate; lost frames
/// count, so offsets stay on the capture time line).</param>
/// <param name="Score">Mean of the window's per-vector anomaly scores; higher = more anomalous.</param>
/// <param name="Threshold">The model's decision threshold in Score units.</param>
/// <param name="IsAnomaly">Score &gt; Threshold for this window (before debounce; with -AnomalyOnly only reported
/// events are emitted).</param>
/// <param name="LatencyMs">Milliseconds from the capture of the window's last sample (the moment its block was
/// delivered) to this result being produced.</param>
/// <param name="FramesLost">Frames lost so far on this device (full queue or device outage).</param>
// Seconds as double: Export-Csv and ConvertTo-Json print a TimeSpan as text or a nested object (issue 9).
public sealed record WatchResult(DateTimeOffset Time, string Device, double Offset, double Score, double Threshold,
    bool IsAnomaly, double LatencyMs, long FramesLost);
