using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models;

/// <summary>One detector kind (Isolation Forest, k-means, ...): learns normal sound from feature vectors.</summary>
public interface IDetectorTrainer
{
    /// <summary>The name stored in the model's metadata, e.g. "IsolationForest".</summary>
    string Algorithm { get; }

    /// <summary>The detector's parameters as text, recorded in the model's training summary.</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    ITrainedDetector Train(FeatureMatrix vectors, CancellationToken cancellationToken);
}
