using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models;

/// <summary>
/// A detector kind whose network reads one input layout (e.g. the convolutional autoencoder's blocks of FrameSeconds
/// of stacked log-mel frames): <see cref="Training.ModelTrainer"/> extracts features with the settings it returns, and the model
/// stores them, so prediction extracts the same.
/// </summary>
public interface IFeatureShapingDetectorTrainer : IDetectorTrainer
{
    /// <summary>The settings to extract with, given the requested ones (sample rate, channel, mel bands kept).</summary>
    FeatureSettings Features(FeatureSettings requested);
}
