using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// The options resolved against the model. Devices are captured at <see cref="CaptureRate"/> (the duration and the
/// recording count capture frames); windows are cut at the model's <see cref="SampleRate"/>, after resampling when the
/// two differ (window, hop and evidence are in samples at that rate).
/// </summary>
internal sealed record WatchPlan(int SampleRate, int CaptureRate, int Channels, int WindowFrames, int HopFrames, long TargetFrames,
    bool AnomalyOnly, int MinConsecutive, TimeSpan Cooldown, string? EvidenceDirectory, RecordingOptions? Recording);
