namespace AcousticAnomaly.Models.Classifiers;

/// <summary>The network families New-AudioClassifierModel trains.</summary>
public enum ClassifierArchitecture
{
    /// <summary>A dense head on clip-level statistics (per-band mean and standard deviation of the log-mel).</summary>
    Mlp,
    /// <summary>1-D convolutions over time on a fixed number of MFCC frames (coefficients as channels).</summary>
    Cnn1d,
    /// <summary>2-D convolutions on a fixed-size log-mel image (frames x bands).</summary>
    Cnn2d,
}
