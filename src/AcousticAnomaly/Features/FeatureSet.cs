namespace AcousticAnomaly.Features;

/// <summary>Which vectors the extractor produces from a clip.</summary>
public enum FeatureSet
{
    /// <summary>DCASE baseline: Frames consecutive log-mel frames stacked (128 x 5 = 640 values), one vector per frame step.</summary>
    LogMelFrames,
    /// <summary>One vector per clip: per-band mean then per-band standard deviation of the log-mel (2 x MelBands values).</summary>
    LogMelStats,
    /// <summary>One vector per clip: per-coefficient mean then standard deviation of the MFCCs (2 x MfccCount values).</summary>
    MfccStats,
    /// <summary>
    /// One vector per clip: time-weighted frequency-domain representation (TWFR, Guan et al., DCASE 2022) - each band's
    /// frames sorted from loudest down and averaged with weights r^0, r^1, ... (r = <see cref="FeatureSettings.TwfrDecay"/>;
    /// r = 1 is the mean, r = 0 the maximum), MelBands values. Machine faults are often short and loud: a mean washes
    /// them out, this keeps them (valve source: AUC 0.64 with mean/std statistics, 0.92+ with TWFR r = 0.5).
    /// </summary>
    LogMelTwfr,
    /// <summary>One vector per clip: FixedFrames log-mel frames (FixedFrames x MelBands, frame-major), the clip's frames
    /// truncated or zero-padded at the end to a fixed count - the fixed-size image a CNN consumes.</summary>
    LogMelImage,
    /// <summary>One vector per clip: FixedFrames MFCC frames (FixedFrames x MfccCount, frame-major), truncated or
    /// zero-padded at the end like LogMelImage.</summary>
    MfccImage,
}

/// <summary>How multi-channel audio becomes the one channel features are computed on.</summary>
public enum ChannelMode
{
    /// <summary>Average all channels.</summary>
    Average,
    /// <summary>Use only channel <see cref="FeatureSettings.Channel"/> (zero-based).</summary>
    Select,
}
