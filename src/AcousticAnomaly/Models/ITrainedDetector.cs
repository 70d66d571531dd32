using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models;

/// <summary>A fitted detector: scores vectors the way its exported ONNX graph will, and writes that graph.</summary>
public interface ITrainedDetector
{
    /// <summary>How the exported graph's outputs become Scores; stored in the model so prediction reads them the same way.</summary>
    ScoreKind ScoreKind { get; }

    /// <summary>
    /// The detector's own decision boundary in Score units when it has one (0 for an Isolation Forest: scikit-learn's
    /// predict rule), else null - then a threshold must come from the training scores.
    /// </summary>
    double? NaturalThreshold { get; }

    /// <summary>The clip pooling stored in the model (<see cref="Models.ClipPooling"/>): null = mean of the vector Scores.</summary>
    int? ClipTopK => null;

    /// <summary>Per-vector Scores, higher = more anomalous, equal (within float rounding) to what ONNX Runtime gives.</summary>
    double[] Score(FeatureMatrix vectors);

    /// <summary>Writes the ONNX model with the metadata, atomically.</summary>
    void Export(string path, ModelMetadata metadata);
}
