namespace AcousticAnomaly.Capture;

/// <summary>The sample type a capture stream asks PortAudio for.</summary>
public enum CaptureSampleFormat
{
    /// <summary>Signed 16-bit integers (lossless for 16-bit devices; what recordings store).</summary>
    Int16,
    /// <summary>32-bit float in [-1, 1).</summary>
    Float32,
}
