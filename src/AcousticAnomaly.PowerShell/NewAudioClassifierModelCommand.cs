using System.Management.Automation;
using AcousticAnomaly.Datasets;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a sound classifier (Mlp, Cnn1d or Cnn2d) on a labelled dataset and saves it as one ONNX model.</summary>
/// <remarks>
/// The dataset is a folder with one sub-folder per label (data/&lt;label&gt;/*.wav), or the split manifest CSV of
/// Split-AudioDataset: its train rows are trained on and its validation rows (when there are any) decide early
/// stopping instead of a share held out of the training clips. Mlp is a dense head on clip
/// statistics (per-band log-mel mean and standard deviation); Cnn1d convolves over time on a fixed number of MFCC frames;
/// Cnn2d convolves over a fixed-size log-mel image. Clips are padded or truncated to the fixed frame count. Training
/// standardises every feature with statistics from the training clips (stored in the model), holds out a stratified
/// validation share, weights classes by their frequency, and stops early when the validation loss stops falling,
/// keeping the best epoch. The model outputs "probabilities" and "label" and carries the labels, the feature settings,
/// the standardisation and a training summary. Each epoch's loss, validation loss and accuracy are shown in the
/// progress bar and with -Verbose.
/// </remarks>
/// <example>
/// <code>New-AudioClassifierModel -Path data -OutputPath states.onnx -Architecture Cnn2d -Seed 1</code>
/// <para>Trains a 2-D CNN on data/&lt;label&gt;/*.wav and writes states.onnx.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "AudioClassifierModel", SupportsShouldProcess = true)]
[OutputType(typeof(ClassifierTrainingResult))]
public sealed class NewAudioClassifierModelCommand : PSCmdlet
{
    /// <summary>The dataset root (one sub-folder per label holding WAV or FLAC clips) or a split manifest CSV (train side
    /// trained on, validation side for early stopping).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    /// <summary>The .onnx model file to write.</summary>
    [Parameter(Mandatory = true)]
    public string OutputPath { get; set; } = "";

    /// <summary>Mlp, Cnn1d or Cnn2d (default Cnn1d).</summary>
    [Parameter]
    public ClassifierArchitecture? Architecture { get; set; }

    /// <summary>Upper bound on epochs (default 100; Mlp 50); early stopping usually ends sooner.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int? Epochs { get; set; }

    /// <summary>Clips per gradient step (default 32).</summary>
    [Parameter]
    [ValidateRange(2, 100000)]
    public int? BatchSize { get; set; }

    /// <summary>Adam's learning rate (default 0.001).</summary>
    [Parameter]
    [ValidateRange(1e-9, 10.0)]
    public double? LearningRate { get; set; }

    /// <summary>Share of each label's clips held out for validation and early stopping (default 0.15).</summary>
    [Parameter]
    [ValidateRange(0.0, 0.9)]
    public double? ValidationFraction { get; set; }

    /// <summary>Hold out whole groups for validation: a regular expression on the file name whose first group names the
    /// group, e.g. the speaker ('^([0-9a-f]+)_nohash'). Early stopping then measures unseen speakers.</summary>
    [Parameter]
    public string? GroupPattern { get; set; }

    /// <summary>Epochs without a lower validation loss before training stops (default 16; Mlp 8).</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int? Patience { get; set; }

    /// <summary>Seed for initialisation, the validation split, shuffling and dropout (same seed and data = same model).</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>Frames per clip for the CNNs (default 63: 1 s at 16 kHz with a hop of 256); clips are padded or truncated.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int? FixedFrames { get; set; }

    /// <summary>MFCC coefficients per frame for Cnn1d (default 20).</summary>
    [Parameter]
    [ValidateRange(1, 128)]
    public int? MfccCount { get; set; }

    /// <summary>Samples between frames (default 256); give -FixedFrames too to keep the clip length (126 at hop 128).</summary>
    [Parameter]
    [ValidateRange(1, 65536)]
    public int? HopLength { get; set; }

    /// <summary>CNNs: mask a random time band and feature band of each training clip every epoch (SpecAugment), so the
    /// network cannot lean on one moment or band.</summary>
    [Parameter]
    public SwitchParameter SpecAugment { get; set; }

    /// <summary>CNNs: move each training clip every epoch by a random number of frames up to this share of its frames
    /// either way (0.1: up to 100 ms of a 1-s clip; 0 = off).</summary>
    [Parameter]
    [ValidateRange(0.0, 0.99)]
    public double TimeShift { get; set; } = ClassifierOptions.Defaults.TimeShift;

    /// <summary>Mixup: blend each training batch with a shuffled copy of itself, targets too, by a Beta(alpha, alpha)
    /// weight; the value is alpha (0 = off).</summary>
    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public double Mixup { get; set; } = ClassifierOptions.Defaults.Mixup;

    /// <summary>Share of each training target spread evenly over all labels (0 = off).</summary>
    [Parameter]
    [ValidateRange(0.0, 0.99)]
    public double LabelSmoothing { get; set; } = ClassifierOptions.Defaults.LabelSmoothing;

    /// <summary>Decoupled weight decay as AdamW (0 = plain Adam).</summary>
    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public double WeightDecay { get; set; } = ClassifierOptions.Defaults.WeightDecay;

    /// <summary>Halve the learning rate whenever half the patience passes without a lower validation loss.</summary>
    [Parameter]
    public SwitchParameter LearningRateDecay { get; set; }

    /// <summary>Hidden units of the dense layers (Mlp) and the widest convolution (CNNs).</summary>
    [Parameter]
    [ValidateRange(4, 4096)]
    public int Width { get; set; } = ClassifierOptions.Defaults.Width;

    /// <summary>Replace an existing model file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private readonly CancellationTokenSource _cancel = new();

    protected override void ProcessRecord()
    {
        var root = GetResolvedProviderPathFromPSPath(Path, out _).Single();
        var output = GetUnresolvedProviderPathFromPSPath(OutputPath);
        var defaults = ClassifierOptions.For(Architecture ?? ClassifierOptions.Defaults.Architecture);
        var options = defaults with
        {
            Epochs = Epochs ?? defaults.Epochs,
            BatchSize = BatchSize ?? defaults.BatchSize,
            LearningRate = LearningRate ?? defaults.LearningRate,
            ValidationFraction = ValidationFraction ?? defaults.ValidationFraction,
            Patience = Patience ?? defaults.Patience,
            Seed = Seed ?? defaults.Seed,
            GroupPattern = GroupPattern,
            SpecAugment = SpecAugment.IsPresent,
            TimeShift = TimeShift,
            Mixup = Mixup,
            LabelSmoothing = LabelSmoothing,
            WeightDecay = WeightDecay,
            LearningRateDecay = LearningRateDecay.IsPresent ? LearningRateDecay.ToBool() : defaults.LearningRateDecay,
            Width = Width,
        };
        var features = ClassifierOptions.DefaultFeatures(options.Architecture);
        if (FixedFrames is { } frames) features = features with { FixedFrames = frames };
        if (MfccCount is { } mfcc) features = features with { MfccCount = mfcc };
        if (HopLength is { } hop) features = features with { HopLength = hop };
        IReadOnlyList<LabelledAudioFile> files;
        IReadOnlyList<LabelledAudioFile>? validation;
        try
        {
            (files, validation) = LabelledDataSource.ForTraining(root);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException)
        {
            WriteError(new ErrorRecord(e, "DatasetUnreadable", ErrorCategory.ReadError, root));
            return;
        }
        if (!ShouldProcess(output, $"Train a {options.Architecture} classifier on {files.Count} clip(s)")) return;
        var activity = $"New-AudioClassifierModel: {System.IO.Path.GetFileName(output)}";
        try
        {
            var result = PipelineThreadPump.Run(post => new ClassifierModelTrainer(options, features, Force).Train(files, output,
                (file, error) => post(() => WriteError(new ErrorRecord(error, "TrainingFileUnusable", ErrorCategory.InvalidData, file))),
                new PostingProgress<ClassifierEpoch>(post, e =>
                {
                    var line = e.Describe();
                    WriteVerbose(line);
                    WriteProgress(new ProgressRecord(1, activity, line) { PercentComplete = Math.Min(100, 100 * e.Epoch / e.Epochs) });
                }),
                _cancel.Token, validation));
            WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(result);
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            WriteError(new ErrorRecord(e, "TrainingFailed", ErrorCategory.InvalidOperation, output));
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();
}
