namespace AcousticAnomaly.Streaming;

/// <summary>Classification watch options resolved against the model: the shared <see cref="StreamPlan"/> and the
/// options' event rule (minimum probability, hold-off, changes only).</summary>
internal sealed record ClassificationPlan(StreamPlan Stream, ClassificationWatchOptions Options);
