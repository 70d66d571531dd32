using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models;

/// <summary>
/// What the user may supply when loading a model: feature settings for a model that carries none (a scikit-learn or
/// PyTorch export), and a threshold that replaces the stored one.
/// </summary>
/// <param name="FeatureSettings">Used only for models without our metadata; a model that carries its own settings
/// refuses different ones, because prediction must repeat training's preprocessing exactly.</param>
/// <param name="Threshold">Replaces the model's threshold (Score units, higher = more anomalous).</param>
public sealed record ModelOverrides(FeatureSettings? FeatureSettings = null, double? Threshold = null);
