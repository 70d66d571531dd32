namespace AcousticAnomaly.Features;

/// <summary>What fills the FftSize/2 samples added at both ends of a clip when frames are centred.</summary>
public enum PadMode
{
    /// <summary>Zeros (librosa >= 0.10 pad_mode='constant').</summary>
    Constant,
}
