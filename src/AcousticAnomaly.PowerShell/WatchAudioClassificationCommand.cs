using System.Management.Automation;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Streaming;

namespace AcousticAnomaly.PowerShell;

/// <summary>Classifies live audio: labels a sliding window of each microphone or network sender with a classifier as the audio arrives.</summary>
/// <remarks>
/// Devices come from -Device (names, unique wildcards or indices) or from Get-AudioDevice on the pipeline; -Listen adds
/// network senders (Send-AudioStream), each its own device. Every -HopDuration (default 0.5 s) the newest
/// -WindowDuration of audio (default 1 s) is classified with -Model (a classifier from New-AudioClassifierModel, or a
/// foreign one with -Labels and -FeatureSet), and a ClassificationWatchResult (Time, Device, Offset, Label,
/// Probability, IsEvent, LatencyMs, FramesLost) is written. A window is an event when its probability reaches
/// -MinProbability (default 0.6) and its label was not an event within the last -HoldOff of audio (default 2 s, per
/// label). -ChangesOnly writes only events whose label differs from the last one written. -EvidenceDirectory keeps each
/// event's window as a FLAC file of exactly the classified samples (named device_label_start); -RecordDirectory also
/// records the captured audio as rolling WAV segments (-RecordSegmentDuration). With -Listen and -Reply each written
/// result goes back to its sender (Send-AudioStream emits it with Label and Probability); -MqttBroker and -MqttTopic
/// publish it as JSON. -Duration counts captured audio; without it the watch runs until Ctrl+C, which stops capture,
/// classifies what was captured and finalises every file. A lost device is a warning and is reopened; a failing device
/// or a full disk stops every device cleanly.
/// </remarks>
/// <example>
/// <code>Watch-AudioClassification -Device 'USB Audio' -Model states.onnx -Duration 60 -ChangesOnly</code>
/// <para>Reports each change of the machine's state over a minute of audio, when the classifier is at least 60 % sure.</para>
/// </example>
/// <example>
/// <code>Get-AudioDevice -Name 'USB Audio' | Watch-AudioClassification -Model states.onnx -MinProbability 0.8 -Duration 30 | Where-Object IsEvent | Format-Table</code>
/// <para>Classifies a microphone from Get-AudioDevice and keeps the confident events.</para>
/// </example>
/// <example>
/// <code>Watch-AudioClassification -Listen 0.0.0.0:5004 -Model states.onnx -ChangesOnly -Reply -EvidenceDirectory ./evidence -RecordDirectory ./rec -MqttBroker broker:1883 -MqttTopic plant/line3</code>
/// <para>Labels every microphone streamed to port 5004, replies each state change to its sender, keeps the change's
/// window and all the audio, and publishes the change on MQTT.</para>
/// </example>
[Cmdlet(VerbsCommon.Watch, "AudioClassification", SupportsShouldProcess = true, DefaultParameterSetName = DeviceSet)]
[OutputType(typeof(ClassificationWatchResult))]
public sealed class WatchAudioClassificationCommand : WatchCmdlet
{
    /// <summary>The classifier .onnx: a path or the result of New-AudioClassifierModel.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Model { get; set; } = "";

    /// <summary>Audio classified at once, in seconds or as a TimeSpan (default 1 s).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? WindowDuration { get; set; }

    /// <summary>How far the window moves between results, in seconds or as a TimeSpan (default 0.5 s).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? HopDuration { get; set; }

    /// <summary>A window is an event only at or above this probability (default 0.6).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? MinProbability { get; set; }

    /// <summary>After an event of a label, no event of the same label for this much audio, in seconds or as a TimeSpan (default 2 s).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? HoldOff { get; set; }

    /// <summary>Write only events whose label differs from the last one written, not every window.</summary>
    [Parameter]
    public SwitchParameter ChangesOnly { get; set; }

    /// <summary>Capture rate; default the model's. Another rate is resampled to the model's as it arrives.</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int? SampleRate { get; set; }

    /// <summary>Labels of a foreign model in output order: a list, or the path of a text file with one label per line.</summary>
    [Parameter]
    public string[]? Labels { get; set; }

    /// <summary>Feature set for a model made elsewhere (ours carry their own settings).</summary>
    [Parameter]
    public FeatureSet? FeatureSet { get; set; }

    /// <summary>Folder (created if missing) for each event's window as a 16-bit FLAC named after the device, the label
    /// and the window's start (-SaveAnomalies, as Watch-AnomalyStream calls it, works too).</summary>
    [Parameter]
    [Alias("SaveAnomalies")]
    public string? EvidenceDirectory { get; set; }
    /// <summary>The model made elsewhere takes mono samples [N, samples] (YAMNet-style) at -SampleRate (the feature settings' rate unless given),
    /// not feature rows; a fixed input length is also the default window.</summary>
    [Parameter]
    public SwitchParameter RawAudio { get; set; }

    protected override void EndProcessing()
    {
        this.RequirePositive(("Duration", Duration), ("WindowDuration", WindowDuration), ("HopDuration", HopDuration), ("RecordSegmentDuration", RecordSegmentDuration));
        string? evidence = EvidenceDirectory is null ? null : GetUnresolvedProviderPathFromPSPath(EvidenceDirectory);
        // One question for the whole watch, naming what it would write: -WhatIf then opens no device and writes nothing.
        if (!ShouldProcess(DeviceList, "Classify live audio with " + System.IO.Path.GetFileName(Model) + WritesDescription(evidence, "event windows"))) return;
        var defaults = new ClassificationWatchOptions { ModelPath = "" };
        var options = defaults with
        {
            Devices = Devices.ToArray(),
            ModelPath = GetUnresolvedProviderPathFromPSPath(Model),
            Labels = ClassifierLabels.Resolve(Labels, p => GetUnresolvedProviderPathFromPSPath(p)),
            Features = FeatureSet is null && !RawAudio ? null : FeatureSettings.Create(FeatureSet, RawAudio ? SampleRate : null),
            RawAudio = RawAudio.IsPresent,
            WindowDuration = WindowDuration,
            HopDuration = HopDuration ?? defaults.HopDuration,
            MinProbability = MinProbability ?? defaults.MinProbability,
            HoldOff = HoldOff ?? defaults.HoldOff,
            ChangesOnly = ChangesOnly.IsPresent,
            Duration = Duration,
            SampleRate = SampleRate,
            Channels = Channels,
            Capture = new CaptureOptions { SpeedLimit = MaxSpeed },
            Listen = ListenOptions(),
            EvidenceDirectory = evidence,
            RecordDirectory = RecordPath,
            RecordSegmentDuration = RecordSegmentDuration ?? defaults.RecordSegmentDuration,
            RecordMinFreeSpace = MinFreeSpace,
            Reply = Reply.IsPresent,
            Mqtt = Mqtt(),
        };

        ClassificationWatchRun run;
        try
        {
            run = StartCapture(() => ClassificationWatcher.Start(options));
        }
        catch (Exception ex) when (ex is OnnxModelException or OnnxRuntimeException or IOException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ModelUnusable", ErrorCategory.InvalidArgument, options.ModelPath));
            return;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidWatchOptions", ErrorCategory.InvalidArgument, options));
            return;
        }

        using (run)
        using (Cancellation.Token.Register(run.Stop))
        {
            try
            {
                DrainOnPipelineThread(run.Events, e =>
                {
                    if (e.Result is not null) WriteObject(e.Result);
                    else ReportEvent(e.Status, e.EvidenceFile, e.Segment);
                });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "WatchWriteFailed", ErrorCategory.WriteError, evidence ?? RecordPath));
            }
            catch (OnnxRuntimeException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "ClassificationFailed", ErrorCategory.InvalidResult, options.ModelPath));
            }
        }
        ReportTotals(run.ListenEndpoint, run.ListenerStatistics, run.MqttStatistics);
    }
}
