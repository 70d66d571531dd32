using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>An anomaly watch's options resolved against the model: the shared <see cref="StreamPlan"/> and the
/// event rule (debounce and cooldown).</summary>
internal sealed record WatchPlan(StreamPlan Stream, bool AnomalyOnly, int MinConsecutive, TimeSpan Cooldown);
