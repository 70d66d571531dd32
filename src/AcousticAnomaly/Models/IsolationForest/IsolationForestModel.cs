namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>
/// A fitted Isolation Forest as scikit-learn defines it: the trees, the subsample size each was grown on
/// (max_samples_), the feature count and the offset_ (-0.5 for contamination 'auto', else the contamination
/// quantile of the training scores). score_samples = -2^(-mean path length / c(MaxSamples)), lower = more abnormal;
/// decision_function = score_samples - Offset.
/// </summary>
public sealed record IsolationForestModel(IReadOnlyList<IsolationTree> Trees, int MaxSamples, int FeatureCount, double Offset);
