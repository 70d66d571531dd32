using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// Everything a classifier training run can choose. Defaults follow the workflows users come from (Adam lr 0.001,
/// cross-entropy) plus early stopping on the validation loss; architecture, time shift, mixup, epochs and patience are
/// the best measured on speechcommands-3 split by speaker over six seeds (docs/benchmarks.md: Cnn1d with time shift 0.1,
/// mixup 0.2, up to 100 epochs, patience 16: 0.933 held-back accuracy against 0.907 for the old Cnn1d settings and 0.885
/// for Cnn2d).
/// </summary>
public sealed record ClassifierOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static ClassifierOptions Defaults { get; } = new();

    public ClassifierArchitecture Architecture { get; init; } = ClassifierArchitecture.Cnn1d;
    /// <summary>Upper bound on epochs; early stopping usually ends sooner.</summary>
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 0.001;
    /// <summary>Share of each label's clips held out for validation (stratified) when no validation set is given.</summary>
    public double ValidationFraction { get; init; } = 0.15;
    /// <summary>Group-aware validation: a regular expression on each clip's file name whose first group (or whole match)
    /// names the clip's group, e.g. the speaker ("^([0-9a-f]+)_nohash"). Whole groups are held out, so early stopping
    /// measures unseen speakers rather than rewarding memorised ones. Null = a stratified split of the clips.</summary>
    public string? GroupPattern { get; init; }
    /// <summary>Epochs without a lower validation loss before training stops (the best epoch's weights are kept). Long
    /// enough for augmented training, whose validation loss falls slowly and unevenly.</summary>
    public int Patience { get; init; } = 16;
    /// <summary>Drives initialisation, the validation split, shuffling and dropout: same seed + data = same model.</summary>
    public int Seed { get; init; }
    /// <summary>Weight each class by n / (classes * count), as scikit-learn's class_weight='balanced'.</summary>
    public bool BalanceClasses { get; init; } = true;
    public double Dropout { get; init; } = 0.3;
    /// <summary>Hidden units of the dense layers (Mlp) and the widest convolution (CNNs).</summary>
    public int Width { get; init; } = 64;
    /// <summary>SpecAugment-style masking for the CNNs (Park et al. 2019): each training clip, every epoch, gets one band of
    /// up to 10 % of its frames and one band of up to 15 % of its coefficients/bands set to the training mean, so the
    /// network cannot lean on any one moment or band. Validation and inference see whole clips.</summary>
    public bool SpecAugment { get; init; }
    /// <summary>CNNs: each training clip, every epoch, moves by a random whole number of frames up to this share of its
    /// frames either way (the vacated frames set to the training mean), so a word is recognised wherever it starts.
    /// 0 = off.</summary>
    public double TimeShift { get; init; } = 0.1;
    /// <summary>Mixup (Zhang et al. 2018): each training batch is blended with a shuffled copy of itself by a weight drawn
    /// from Beta(alpha, alpha), and so are the targets. 0 = off.</summary>
    public double Mixup { get; init; } = 0.2;
    /// <summary>Label smoothing: the training target puts this share of its weight evenly on all classes. 0 = off.</summary>
    public double LabelSmoothing { get; init; }
    /// <summary>Decoupled weight decay (AdamW, Loshchilov and Hutter 2019): every step shrinks each parameter by
    /// learning rate x this. 0 = plain Adam.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Halve the learning rate whenever half the patience passes without a lower validation loss.</summary>
    public bool LearningRateDecay { get; init; }
    /// <summary>Threads for the matrix products; -1 = all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>The defaults for one architecture: <see cref="Defaults"/> with that architecture, and for the Mlp (which
    /// gets no time shift) the shorter schedule it scores better with (up to 50 epochs, patience 8: 0.818 with mixup
    /// against 0.805 with 100 / 16 on speechcommands-3 by speaker, 3 seeds). Adapters start from this once the architecture is known.</summary>
    public static ClassifierOptions For(ClassifierArchitecture architecture) => architecture == ClassifierArchitecture.Mlp
        ? Defaults with { Architecture = architecture, Epochs = 50, Patience = 8 }
        : Defaults with { Architecture = architecture };

    /// <summary>The feature settings an architecture uses unless the caller gives its own.</summary>
    public static FeatureSettings DefaultFeatures(ClassifierArchitecture architecture)
    {
        var speech = new FeatureSettings { FftSize = 512, HopLength = 256, MelBands = 40, FixedFrames = 63 };
        return architecture switch
        {
            ClassifierArchitecture.Mlp => speech with { FeatureSet = FeatureSet.LogMelStats },
            ClassifierArchitecture.Cnn1d => speech with { FeatureSet = FeatureSet.MfccImage, MfccCount = 20 },
            ClassifierArchitecture.Cnn2d => speech with { FeatureSet = FeatureSet.LogMelImage },
            _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
        };
    }

    public void Validate()
    {
        static void Require(bool ok, string name, string problem)
        {
            if (!ok) throw new ArgumentException($"Invalid classifier options: {name} {problem}", name);
        }

        Require(Enum.IsDefined(Architecture), nameof(Architecture), $"is not a known architecture ({Architecture}).");
        Require(Epochs > 0, nameof(Epochs), $"must be positive (got {Epochs}).");
        Require(BatchSize > 0, nameof(BatchSize), $"must be positive (got {BatchSize}).");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be positive (got {LearningRate}).");
        Require(ValidationFraction is >= 0 and < 1, nameof(ValidationFraction), $"must be in [0, 1) (got {ValidationFraction}).");
        Require(Patience > 0, nameof(Patience), $"must be positive (got {Patience}).");
        Require(Dropout is >= 0 and < 1, nameof(Dropout), $"must be in [0, 1) (got {Dropout}).");
        Require(TimeShift is >= 0 and < 1, nameof(TimeShift), $"must be in [0, 1) (got {TimeShift}).");
        Require(Mixup >= 0 && double.IsFinite(Mixup), nameof(Mixup), $"must be 0 or positive (got {Mixup}).");
        Require(LabelSmoothing is >= 0 and < 1, nameof(LabelSmoothing), $"must be in [0, 1) (got {LabelSmoothing}).");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), $"must be 0 or positive (got {WeightDecay}).");
        Require(Width >= 4, nameof(Width), $"must be at least 4 (got {Width}).");
        Require(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism > 0, nameof(MaxDegreeOfParallelism), $"must be -1 or positive (got {MaxDegreeOfParallelism}).");
    }
}
