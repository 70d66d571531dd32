namespace AcousticAnomaly.Features;

/// <summary>How frequencies map to mels when the filter edges are spaced.</summary>
public enum MelScale
{
    /// <summary>Slaney's Auditory Toolbox scale: linear below 1 kHz, logarithmic above (librosa htk=False).</summary>
    Slaney,
}
