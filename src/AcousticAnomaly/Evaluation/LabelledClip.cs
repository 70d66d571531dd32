namespace AcousticAnomaly.Evaluation;

/// <summary>
/// One recording to evaluate: its path, its ground-truth label ("normal" or "anomaly", see
/// <see cref="ClipLabels.Normalize"/>) and, for clips already scored elsewhere, the Score to use instead of scoring it.
/// </summary>
/// <param name="Path">The audio file (WAV or FLAC).</param>
/// <param name="Label">Ground truth; normal / anomaly / abnormal / 0 / 1 are accepted and normalised by the evaluation.</param>
/// <param name="Score">A score already computed (higher = more anomalous). Used only when the evaluation has no model;
/// with a model every clip is scored afresh so all scores come from that one model.</param>
public sealed record LabelledClip(string Path, string Label, double? Score = null);
