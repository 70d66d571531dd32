using System.Management.Automation;
using AcousticAnomaly.Features;
using AcousticAnomaly.IO;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// What every New-*Model cmdlet shares: the training files (-Path/-LiteralPath), the model file, feature settings,
/// threshold and -Force. Files are collected over the whole pipeline; training runs once in EndProcessing on a worker
/// thread while this thread writes progress and per-file errors.
/// </summary>
public abstract class TrainingCmdlet : FileInputCmdlet
{
    /// <summary>The .onnx model file to write.</summary>
    [Parameter(Mandatory = true)]
    public string OutputPath { get; set; } = "";

    /// <summary>LogMelFrames (DCASE: 5 stacked log-mel frames, 640 values), LogMelStats, MfccStats or LogMelTwfr (TWFR pooling: one 128-value vector per clip).</summary>
    [Parameter]
    public FeatureSet FeatureSet { get; set; } = FeatureSettings.Defaults.FeatureSet;

    /// <summary>Analysis sample rate in Hz; clips at other rates are resampled to it.</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int SampleRate { get; set; } = FeatureSettings.Defaults.SampleRate;

    /// <summary>Zero-based channel to analyse; -1 (the default) averages all channels.</summary>
    [Parameter]
    [ValidateRange(-1, 255)]
    public int Channel { get; set; } = FeatureSettings.AllChannels;

    /// <summary>
    /// How the clip threshold is set from the training clips' scores: Gamma (the DCASE 2023 rule, a gamma distribution
    /// fitted to the training clips' scores and its 0.9 quantile), Percentile, or Contamination (a detector's own
    /// boundary, or -Contamination's share; giving -Contamination alone selects it). Default: the model family's own rule.
    /// </summary>
    [Parameter]
    public ThresholdMethod ThresholdMethod { get; set; }

    /// <summary>
    /// The threshold method's parameter: a percentile (0-100, default 95) for Percentile, the quantile (default 0.9) for
    /// Gamma. Contamination takes -Contamination where the detector has it.
    /// </summary>
    [Parameter]
    public double? ThresholdParameter { get; set; }

    /// <summary>
    /// The threshold is fitted on held-out scores: the training clips are split into this many folds and each clip is
    /// scored by a model trained without its fold (default 5: leave-one-out up to 5 clips). 1 = in-sample scores.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int ThresholdFolds { get; set; } = new TrainingOptions().ThresholdFolds;

    /// <summary>Replace an existing model file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The family decides the default threshold rule. (C# runs the derived cmdlet's initializers before this
    /// constructor, so the detector sees the family's defaults.)</summary>
    protected TrainingCmdlet() => ThresholdMethod = CreateDetector().DefaultThresholdMethod;

    private readonly List<string> _files = new();
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The detector this cmdlet trains.</summary>
    protected abstract IDetectorTrainer CreateDetector();

    /// <summary>The threshold parameter for the Contamination method (null = the detector's own boundary).</summary>
    protected virtual double? ContaminationParameter => null;

    protected override void ProcessRecord() => _files.AddRange(ResolveInputFiles());

    protected override void EndProcessing()
    {
        var output = GetUnresolvedProviderPathFromPSPath(OutputPath);
        if (_files.Count == 0)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("No training files: give audio files of normal machine sound."),
                "NoTrainingFiles", ErrorCategory.InvalidArgument, null));
        }
        if (!ShouldProcess(output, $"Train {MyInvocation.MyCommand.Name} model on {_files.Count} clip(s)")) return;

        var detector = CreateDetector();
        // A contamination share given without a threshold method means that share is the threshold rule.
        var method = ContaminationParameter is not null && !MyInvocation.BoundParameters.ContainsKey(nameof(ThresholdMethod))
            ? ThresholdMethod.Contamination : ThresholdMethod;
        var options = new TrainingOptions
        {
            Features = FeatureSettings.Create(FeatureSet, SampleRate, Channel),
            ThresholdMethod = method,
            ThresholdParameter = method == ThresholdMethod.Contamination ? ContaminationParameter : ThresholdParameter,
            Overwrite = Force,
            ThresholdFolds = ThresholdFolds,
        };
        WriteVerbose($"Training on {_files.Count} file(s); features {Models.ModelDescription.Describe(options.Features)}; threshold rule {method}.");
        var activity = $"{MyInvocation.MyCommand.Name}: {System.IO.Path.GetFileName(output)}";
        try
        {
            var info = PipelineThreadPump.Run(post => new ModelTrainer(detector, options).Train(_files, output,
                (file, error) => post(() => WriteError(new ErrorRecord(error, "TrainingFileUnusable", ErrorCategory.InvalidData, file))),
                new PostingProgress<TrainingProgress>(post, p =>
                {
                    WriteProgress(new ProgressRecord(1, activity, p.Stage)
                    {
                        PercentComplete = p.PercentComplete,
                        CurrentOperation = p.CurrentFile ?? "",
                    });
                    if (p.Iteration is { } step) WriteVerbose(step.ToString()); // per epoch: loss and validation loss
                }),
                _cancel.Token, warning => post(() => WriteWarning(warning))));
            WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
            WriteVerbose($"Trained on {info.TrainingClips} clip(s), {info.TrainingVectors} vectors; threshold {info.Threshold:G6} ({info.ThresholdMethod}); wrote {info.Path}.");
            WriteObject(info);
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        catch (TargetExistsException e)
        {
            ThrowTerminatingError(ParameterChecks.TargetExists(e, "ModelFileExists", e.Path));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "TrainingArgumentInvalid", ErrorCategory.InvalidArgument, output));
        }
        catch (IOException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ModelNotWritten", ErrorCategory.WriteError, output));
        }
        catch (InvalidOperationException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "TrainingFailed", ErrorCategory.InvalidOperation, output));
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();
}
