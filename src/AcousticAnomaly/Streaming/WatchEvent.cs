using AcousticAnomaly.Capture;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>Something a running watch reports; exactly one property is set.</summary>
/// <param name="Result">A scored window.</param>
/// <param name="Status">A device outage or recovery.</param>
/// <param name="EvidenceFile">An event's window, written as FLAC.</param>
/// <param name="Segment">A finalised recording segment.</param>
public sealed record WatchEvent(WatchResult? Result = null, CaptureStatus? Status = null, string? EvidenceFile = null,
    RecordingSegment? Segment = null);
