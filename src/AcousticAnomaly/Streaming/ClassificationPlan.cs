using AcousticAnomaly.Features;

namespace AcousticAnomaly.Streaming;

/// <summary>Classification watch options resolved against the model: capture at <see cref="CaptureRate"/>, windows
/// and hop in samples at the model's <see cref="SampleRate"/>.</summary>
internal sealed record ClassificationPlan(ClassificationWatchOptions Options, FeatureSettings Features, int SampleRate, int CaptureRate,
    int WindowFrames, int HopFrames, long TargetFrames);
