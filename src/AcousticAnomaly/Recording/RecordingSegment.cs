namespace AcousticAnomaly.Recording;

/// <summary>One finished, finalised recording file (emitted by Start-AudioRecording and `acoustic-anomaly record`).</summary>
/// <param name="Path">Full path of the WAV file.</param>
/// <param name="Device">The device it was recorded from.</param>
/// <param name="Start">Wall-clock time of its first frame (UTC).</param>
/// <param name="Duration">Its length in seconds (frames / sample rate).</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">Channels per frame.</param>
/// <param name="FramesLost">Frames lost just before this file started (device outage or a full queue); each file
/// holds contiguous audio, so a loss always starts a new file.</param>
// Seconds as double: Export-Csv and ConvertTo-Json print a TimeSpan as text or a nested object (issue 9).
public sealed record RecordingSegment(string Path, string Device, DateTimeOffset Start, double Duration, int SampleRate,
    int Channels, long FramesLost);
