namespace AcousticAnomaly.Streaming;

/// <summary>
/// The label of one sliding window of live audio (emitted by Watch-AudioClassification and `acoustic-anomaly watch`
/// given a classifier model).
/// </summary>
/// <param name="Time">Wall-clock time (UTC) of the window's end, from the capture time of its last block.</param>
/// <param name="Device">The device (or network sender).</param>
/// <param name="Offset">Seconds of audio since the device's stream began, at the window's end (lost frames count).</param>
/// <param name="Label">The most probable class.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="IsEvent">Probability reached the minimum and the label's hold-off had passed: an event to act on.</param>
/// <param name="LatencyMs">Milliseconds from the capture of the window's last sample to this result being produced.</param>
/// <param name="FramesLost">Frames lost so far on this device (full queue or device outage).</param>
// Seconds as double: Export-Csv and ConvertTo-Json print a TimeSpan as text or a nested object (issue 9).
public sealed record ClassificationWatchResult(DateTimeOffset Time, string Device, double Offset, string Label, double Probability,
    bool IsEvent, double LatencyMs, long FramesLost);
