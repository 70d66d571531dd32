using AcousticAnomaly.Capture;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>Something a running classification watch reports; exactly one property is set.</summary>
/// <param name="Result">A classified window.</param>
/// <param name="Status">A device outage or recovery.</param>
/// <param name="EvidenceFile">An event's window, written as FLAC.</param>
/// <param name="Segment">A finalised recording segment.</param>
public sealed record ClassificationWatchEvent(ClassificationWatchResult? Result = null, CaptureStatus? Status = null,
    string? EvidenceFile = null, RecordingSegment? Segment = null);
