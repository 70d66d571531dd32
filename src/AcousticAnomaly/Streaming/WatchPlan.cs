using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Streaming;

/// <summary>The options resolved against the model: everything in frames at the capture rate.</summary>
internal sealed record WatchPlan(int SampleRate, int Channels, int WindowFrames, int HopFrames, long TargetFrames,
    bool AnomalyOnly, int MinConsecutive, TimeSpan Cooldown, string? EvidenceDirectory, RecordingOptions? Recording);
