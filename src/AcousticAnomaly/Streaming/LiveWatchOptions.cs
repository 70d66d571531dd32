using AcousticAnomaly.Capture;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.Streaming;

/// <summary>What the anomaly watch and the classification watch share: where the audio comes from, how windows
/// slide over it, what is recorded and where results go besides the caller.</summary>
internal interface ILiveWatchOptions
{
    IReadOnlyList<string> Devices { get; }
    TimeSpan? WindowDuration { get; }
    TimeSpan HopDuration { get; }
    TimeSpan? Duration { get; }
    int? SampleRate { get; }
    int Channels { get; }
    CaptureOptions Capture { get; }
    RtpListenerOptions? Listen { get; }
    bool Reply { get; }
    MqttEventOptions? Mqtt { get; }
    string? RecordDirectory { get; }
    TimeSpan RecordSegmentDuration { get; }
    long? RecordMinFreeSpace { get; }
}
