namespace AcousticAnomaly.Datasets;

/// <summary>The nine augmentations users apply to the rarer class. Names in recipes are given beside each.</summary>
public enum AugmentationKind
{
    /// <summary><c>noise:snr=20</c> - white Gaussian noise at this signal-to-noise ratio (dB), exact for each clip.</summary>
    Noise,
    /// <summary><c>reverse</c> - the clip played backwards.</summary>
    Reverse,
    /// <summary><c>compress:threshold=-20,ratio=4,attack=0.01,release=0.1</c> - dynamic range compression (NWaves DynamicsProcessor).</summary>
    Compress,
    /// <summary><c>stretch:factor=1.1</c> - new duration / old duration, pitch kept (NWaves WSOLA).</summary>
    Stretch,
    /// <summary><c>eq:freq=1000,gain=6,q=1</c> - a peaking equaliser band (NWaves BiQuad PeakFilter, RBJ cookbook).</summary>
    Eq,
    /// <summary><c>clip:level=0.5</c> - hard clipping at this fraction of the clip's peak (NWaves DistortionEffect).</summary>
    Clip,
    /// <summary><c>gain:db=6</c> - amplitude scaling by this many dB.</summary>
    Gain,
    /// <summary><c>silence:duration=0.25,at=-1</c> - inserts this many seconds of silence at a seeded position (or at <c>at</c> seconds).</summary>
    Silence,
    /// <summary><c>freqmask:width=500,start=-1</c> - removes a band this many Hz wide starting at a seeded frequency (or at <c>start</c> Hz).</summary>
    FreqMask,
}
