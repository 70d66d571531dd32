namespace AcousticAnomaly.Features;

/// <summary>
/// Every parameter of feature extraction - sizes and every DSP choice (window, mel scale and norm, centring and padding,
/// power, log floor) - in one immutable record. Defaults are the DCASE Task 2 baseline's (librosa's). It is serialised
/// into each model's metadata so that prediction repeats training's preprocessing exactly; a model written before a
/// choice was recorded gets the default, which is what the code did then.
/// </summary>
public sealed record FeatureSettings
{
    /// <summary>librosa's amin default for power_to_db in the DCASE baseline: numpy's float64 machine epsilon.</summary>
    public const double DefaultLogFloor = 2.220446049250313e-16;

    /// <summary>Audio is resampled to this rate before analysis.</summary>
    public int SampleRate { get; init; } = 16000;
    public int FftSize { get; init; } = 1024;
    public int HopLength { get; init; } = 512;
    public int MelBands { get; init; } = 128;
    /// <summary>Lowest mel filter edge in Hz.</summary>
    public double FMin { get; init; }
    /// <summary>Highest mel filter edge in Hz; null means SampleRate / 2.</summary>
    public double? FMax { get; init; }
    /// <summary>Spectrogram exponent: 2 = power, 1 = magnitude.</summary>
    public double Power { get; init; } = 2.0;
    /// <summary>Pad FftSize/2 samples at both ends (filled per <see cref="PadMode"/>) so frame t is centred on sample t*HopLength (librosa center=True).</summary>
    public bool Center { get; init; } = true;
    /// <summary>What the centring padding holds.</summary>
    public PadMode PadMode { get; init; } = PadMode.Constant;
    /// <summary>The STFT analysis window.</summary>
    public WindowFunction Window { get; init; } = WindowFunction.PeriodicHann;
    /// <summary>The mel scale the filter edges are spaced on.</summary>
    public MelScale MelScale { get; init; } = MelScale.Slaney;
    /// <summary>The mel filters' normalisation.</summary>
    public MelNorm MelNorm { get; init; } = MelNorm.Slaney;
    /// <summary>The log-mel is 10 * log10(max(mel, LogFloor)) (librosa.power_to_db with ref 1, amin LogFloor, no top_db).</summary>
    public double LogFloor { get; init; } = DefaultLogFloor;
    /// <summary>Consecutive log-mel frames stacked into one LogMelFrames vector.</summary>
    public int Frames { get; init; } = 5;
    public FeatureSet FeatureSet { get; init; } = FeatureSet.LogMelFrames;
    /// <summary>Frames per vector of the image feature sets (LogMelImage, MfccImage): longer clips are truncated, shorter
    /// ones zero-padded at the end (np.pad's constant mode, as the Keras workflows do). 32 frames = 1 s at the defaults.</summary>
    public int FixedFrames { get; init; } = 32;
    /// <summary>MFCCs kept (DCT-II, orthonormal) for MfccStats and MfccImage.</summary>
    public int MfccCount { get; init; } = 20;
    /// <summary>TWFR decay r in [0, 1] for LogMelTwfr: weight r^k for a band's k-th loudest frame (1 = mean, 0 = max).</summary>
    public double TwfrDecay { get; init; } = 0.5;
    public ChannelMode ChannelMode { get; init; } = ChannelMode.Average;
    /// <summary>Zero-based channel used when ChannelMode is Select.</summary>
    public int Channel { get; init; }

    /// <summary>The effective upper mel edge.</summary>
    public double EffectiveFMax => FMax ?? SampleRate / 2.0;

    /// <summary>Length of one feature vector for the chosen feature set.</summary>
    public int VectorLength => FeatureSet switch
    {
        FeatureSet.LogMelFrames => MelBands * Frames,
        FeatureSet.LogMelStats => MelBands * 2,
        FeatureSet.MfccStats => MfccCount * 2,
        FeatureSet.LogMelTwfr => MelBands,
        FeatureSet.LogMelImage => MelBands * FixedFrames,
        FeatureSet.MfccImage => MfccCount * FixedFrames,
        _ => throw new ArgumentOutOfRangeException(nameof(FeatureSet)),
    };

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first setting that cannot work. FftSize need not be a power of
    /// two (other sizes use a slower Bluestein FFT).
    /// </summary>
    public void Validate()
    {
        static void Require(bool ok, string name, string problem)
        {
            if (!ok) throw new ArgumentException($"Invalid feature settings: {name} {problem}", name);
        }

        Require(SampleRate > 0, nameof(SampleRate), $"must be positive (got {SampleRate}).");
        Require(FftSize >= 2, nameof(FftSize), $"must be at least 2 (got {FftSize}).");
        Require(HopLength > 0, nameof(HopLength), $"must be positive (got {HopLength}).");
        Require(MelBands > 0, nameof(MelBands), $"must be positive (got {MelBands}).");
        Require(FMin >= 0, nameof(FMin), $"cannot be negative (got {FMin}).");
        Require(EffectiveFMax > FMin, nameof(FMax), $"must be above FMin (got {EffectiveFMax} <= {FMin}).");
        Require(EffectiveFMax <= SampleRate / 2.0, nameof(FMax), $"cannot exceed the Nyquist frequency {SampleRate / 2.0} Hz (got {EffectiveFMax}).");
        Require(Power > 0 && double.IsFinite(Power), nameof(Power), $"must be a positive number (got {Power}).");
        Require(Enum.IsDefined(PadMode), nameof(PadMode), $"is not a known padding ({PadMode}).");
        Require(Enum.IsDefined(Window), nameof(Window), $"is not a known window ({Window}).");
        Require(Enum.IsDefined(MelScale), nameof(MelScale), $"is not a known mel scale ({MelScale}).");
        Require(Enum.IsDefined(MelNorm), nameof(MelNorm), $"is not a known mel normalisation ({MelNorm}).");
        // The fast log needs a positive normal double after the floor (see Decibels).
        Require(double.IsNormal(LogFloor) && LogFloor > 0, nameof(LogFloor),
            $"must be a positive normal number (got {LogFloor}).");
        Require(Frames > 0, nameof(Frames), $"must be positive (got {Frames}).");
        Require(FixedFrames > 0, nameof(FixedFrames), $"must be positive (got {FixedFrames}).");
        Require(MfccCount > 0 && MfccCount <= MelBands, nameof(MfccCount), $"must be between 1 and MelBands ({MelBands}) (got {MfccCount}).");
        Require(TwfrDecay >= 0 && TwfrDecay <= 1, nameof(TwfrDecay), $"must be between 0 and 1 (got {TwfrDecay}).");
        Require(Enum.IsDefined(FeatureSet), nameof(FeatureSet), $"is not a known feature set ({FeatureSet}).");
        Require(Enum.IsDefined(ChannelMode), nameof(ChannelMode), $"is not a known channel mode ({ChannelMode}).");
        Require(Channel >= 0, nameof(Channel), $"cannot be negative (got {Channel}).");
    }

    /// <summary>
    /// Settings from the few choices users make on the command line (cmdlet parameters and CLI options alike); null
    /// keeps the DCASE default. A negative channel averages all channels.
    /// </summary>
    /// <summary>The DCASE defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static FeatureSettings Defaults { get; } = new();

    /// <summary>The channel choice of the adapters (-Channel, --channel) that averages all channels.</summary>
    public const int AllChannels = -1;

    public static FeatureSettings Create(FeatureSet? featureSet = null, int? sampleRate = null, int? channel = null)
    {
        var defaults = new FeatureSettings();
        return defaults with
        {
            FeatureSet = featureSet ?? defaults.FeatureSet,
            SampleRate = sampleRate ?? defaults.SampleRate,
            ChannelMode = channel is >= 0 ? ChannelMode.Select : ChannelMode.Average,
            Channel = channel is >= 0 ? channel.Value : 0,
        };
    }
}
