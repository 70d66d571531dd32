using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Thresholds;

namespace AcousticAnomaly.Models;

/// <summary>One detector kind (Isolation Forest, k-means, ...): learns normal sound from feature vectors.</summary>
public interface IDetectorTrainer
{
    /// <summary>The name stored in the model's metadata, e.g. "IsolationForest".</summary>
    string Algorithm { get; }

    /// <summary>The detector's parameters as text, recorded in the model's training summary.</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>How the clip threshold is set when the caller names no method: each family decides (adapters never
    /// do), because whether a family's own boundary means anything on real machine sound is a property of the family.</summary>
    ThresholdMethod DefaultThresholdMethod { get; }

    ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken);
}
