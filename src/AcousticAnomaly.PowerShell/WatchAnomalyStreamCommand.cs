using System.Management.Automation;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Streaming;

namespace AcousticAnomaly.PowerShell;

/// <summary>Watches live audio devices for anomalies: scores a sliding window with a model as the audio arrives.</summary>
/// <remarks>
/// Devices come from -Device (names, unique wildcards or indices; Tab completes names) or from Get-AudioDevice on the
/// pipeline (bound by the Name and Index properties); all start together once the pipeline input is collected. Every
/// -HopDuration (default 1 s) the newest -WindowDuration of audio (default 10 s, the DCASE clip the models are
/// trained on) is scored with -Model, and a WatchResult (Time, Device, Offset, Score, Threshold, IsAnomaly, LatencyMs,
/// FramesLost) is written. With -AnomalyOnly only reported events are written: a window is an event once
/// -MinConsecutive windows in a row were anomalous, and no further event follows within -Cooldown.
/// -SaveAnomalies keeps each event's window as a FLAC file of exactly the scored samples; -RecordDirectory also
/// records the captured audio as rolling WAV segments (-RecordSegmentDuration). -Duration counts captured audio, not
/// wall-clock time; without it the watch runs until Ctrl+C, which stops capture, scores what was captured and
/// finalises every file. Per-device totals (windows, anomalies, events, frames captured and lost) are written as
/// verbose messages and as a WatchSummary information record (tag WatchSummary). A lost device is a warning and is
/// reopened; the lost frames are counted in FramesLost.
/// </remarks>
/// <example>
/// <code>Watch-AnomalyStream -Device 'USB Audio' -Model pump.onnx -AnomalyOnly -MinConsecutive 3 -Cooldown 60 -SaveAnomalies ./evidence</code>
/// <para>Reports a pump anomaly after three anomalous windows in a row, at most once a minute, and keeps the evidence.</para>
/// </example>
/// <example>
/// <code>Watch-AnomalyStream -Listen 0.0.0.0:5004 -AllowFrom 10.1.0.0/16 -Model pump.onnx -AnomalyOnly -Reply -MqttBroker broker:1883 -MqttTopic plant/line3</code>
/// <para>Scores every microphone streamed to port 5004 by Send-AudioStream, replies each event to its sender and
/// publishes it on MQTT.</para>
/// </example>
/// <example>
/// <code>Get-AudioDevice -Name *USB* | Watch-AnomalyStream -Model (New-IsolationForestModel ./normal/*.wav -OutputPath m.onnx) -Duration 3600 -RecordDirectory ./rec | Export-Csv watch.csv</code>
/// <para>Watches and records every USB microphone for an hour of audio, saving every window's score.</para>
/// </example>
[Cmdlet(VerbsCommon.Watch, "AnomalyStream", SupportsShouldProcess = true, DefaultParameterSetName = DeviceSet)]
[OutputType(typeof(WatchResult))]
public sealed class WatchAnomalyStreamCommand : WatchCmdlet
{
    private static WatchOptions Defaults => WatchOptions.Defaults;

    /// <summary>The .onnx model: a path or a model object from New-IsolationForestModel.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ModelArgumentTransformation]
    public string Model { get; set; } = "";

    /// <summary>Audio scored at once, in seconds or as a TimeSpan (default 10 s, the DCASE clip length).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? WindowDuration { get; set; }

    /// <summary>How far the window moves between scores, in seconds or as a TimeSpan.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan HopDuration { get; set; } = Defaults.HopDuration;

    /// <summary>Write only reported anomaly events (after -MinConsecutive and -Cooldown), not every window.</summary>
    [Parameter]
    public SwitchParameter AnomalyOnly { get; set; }

    /// <summary>Report an event only after this many anomalous windows in a row.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MinConsecutive { get; set; } = Defaults.MinConsecutive;

    /// <summary>After an event, report no further event for this much audio, in seconds or as a TimeSpan (default none).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan Cooldown { get; set; } = Defaults.Cooldown;

    /// <summary>Folder (created if missing) for each event's window as a 16-bit FLAC named after the device and its start time.</summary>
    [Parameter]
    public string? SaveAnomalies { get; set; }

    /// <summary>Capture rate; default the model's analysis rate. At another rate (a microphone that only offers 44100 or
    /// 48000 Hz) the audio is resampled to the model's rate as it arrives; -Duration and -RecordDirectory count and keep
    /// the captured rate.</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int? SampleRate { get; set; }

    /// <summary>Replaces the model's stored threshold (Score units) for this watch.</summary>
    [Parameter]
    public double? Threshold { get; set; }

    /// <summary>Feature set for a model made elsewhere (a model of ours carries its own settings).</summary>
    [Parameter]
    public FeatureSet? FeatureSet { get; set; }

    /// <summary>Channel analysed for a model made elsewhere; -1 averages all channels.</summary>
    [Parameter]
    [ValidateRange(-1, 255)]
    public int? Channel { get; set; }

    protected override void EndProcessing()
    {
        this.RequirePositive(("Duration", Duration), ("WindowDuration", WindowDuration), ("HopDuration", HopDuration), ("RecordSegmentDuration", RecordSegmentDuration));
        if (Cooldown < TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Cooldown cannot be negative (got {Cooldown})."),
                "DurationNotPositive", ErrorCategory.InvalidArgument, Cooldown));
        }
        string? evidence = SaveAnomalies is null ? null : GetUnresolvedProviderPathFromPSPath(SaveAnomalies);
        string? record = RecordPath;
        // One question for the whole watch, naming what it would write: -WhatIf then opens no device and writes nothing.
        var action = "Watch for anomalies with " + System.IO.Path.GetFileName(Model) + WritesDescription(evidence, "anomalous windows");
        if (!ShouldProcess(DeviceList, action)) return;
        var window = WindowDuration ?? WatchOptions.DefaultWindow;
        if (Duration is { } watched && watched < window)
        {
            WriteWarning($"-Duration {watched.TotalSeconds:0.###} s is shorter than one {window.TotalSeconds:0.###}-s window: no window will be scored. Give a longer -Duration or a shorter -WindowDuration.");
        }

        var options = new WatchOptions
        {
            Devices = Devices.ToArray(),
            ModelPath = GetUnresolvedProviderPathFromPSPath(Model),
            Overrides = new ModelOverrides(FeatureSet is null && Channel is null ? null : FeatureSettings.Create(FeatureSet, null, Channel), Threshold),
            WindowDuration = WindowDuration,
            HopDuration = HopDuration,
            Duration = Duration,
            AnomalyOnly = AnomalyOnly.IsPresent,
            MinConsecutive = MinConsecutive,
            Cooldown = Cooldown,
            SaveAnomaliesDirectory = evidence,
            RecordDirectory = record,
            RecordSegmentDuration = RecordSegmentDuration ?? new WatchOptions { Devices = [] }.RecordSegmentDuration,
            RecordMinFreeSpace = MinFreeSpace,
            SampleRate = SampleRate,
            Channels = Channels,
            Capture = new CaptureOptions { SpeedLimit = MaxSpeed },
            Listen = ListenOptions(),
            Reply = Reply.IsPresent,
            Mqtt = Mqtt(),
        };

        WatchRun run;
        try
        {
            run = StartCapture(() => StreamWatcher.Start(options));
        }
        catch (Exception ex) when (ex is OnnxModelException or OnnxRuntimeException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ModelUnusable", ErrorCategory.InvalidArgument, options.ModelPath));
            return;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidWatchOptions", ErrorCategory.InvalidArgument, options));
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "WatchWriteFailed", ErrorCategory.WriteError, evidence ?? record));
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
                ThrowTerminatingError(new ErrorRecord(ex, "WatchWriteFailed", ErrorCategory.WriteError, evidence ?? record));
            }
            catch (OnnxRuntimeException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "ScoringFailed", ErrorCategory.InvalidResult, options.ModelPath));
            }
        }
        if (run.Summary is { } summary)
        {
            foreach (var d in summary.Devices) WriteVerbose(d.ToString());
            ReportTotals(run.ListenEndpoint, run.ListenerStatistics, run.MqttStatistics);
            WriteInformation(summary, new[] { "WatchSummary" });
        }
    }
}
