namespace AcousticAnomaly.Features;

/// <summary>The analysis window of the STFT. Recorded in every model: a model asking for a window this version does not
/// know is refused rather than scored with another.</summary>
public enum WindowFunction
{
    /// <summary>Periodic ("fftbins=True") Hann of length FftSize, as scipy.signal.get_window('hann', n) and librosa's STFT use.</summary>
    PeriodicHann,
}
