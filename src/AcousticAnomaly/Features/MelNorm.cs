namespace AcousticAnomaly.Features;

/// <summary>How each triangular mel filter is scaled.</summary>
public enum MelNorm
{
    /// <summary>Area normalisation 2 / (f_upper - f_lower), so every band has the same energy for white noise (librosa norm='slaney').</summary>
    Slaney,
}
