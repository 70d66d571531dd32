using System.Management.Automation;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Network;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Base for the watch cmdlets (Watch-AnomalyStream, Watch-AudioClassification): on top of the devices and listener,
/// the parameters both share - recording the audio, replying to network senders, publishing on MQTT - and the
/// reporting of what is not a result (warnings, files written, totals).
/// </summary>
public abstract class WatchCmdlet : DeviceInputCmdlet
{
    /// <summary>Audio to watch per device, in seconds or as a TimeSpan, counted in captured frames; omit to watch until Ctrl+C.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? Duration { get; set; }

    /// <summary>Folder (created if missing) for the captured audio as rolling WAV segments.</summary>
    [Parameter]
    public string? RecordDirectory { get; set; }

    /// <summary>With -RecordDirectory: length of each WAV segment, in seconds or as a TimeSpan (default 60 s).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? RecordSegmentDuration { get; set; }

    /// <summary>With -RecordDirectory, the low-disk guard (as Start-AudioRecording's): stop cleanly, every file
    /// finalised, once the folder's disk has less free space than this many bytes (1GB works; 0 turns it off; default 100 MB).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? MinFreeSpace { get; set; }

    /// <summary>With -Listen: send each result back to the sender it came from (Send-AudioStream emits them).</summary>
    [Parameter(ParameterSetName = ListenSet)]
    public SwitchParameter Reply { get; set; }

    /// <summary>Also publish each written result to this MQTT broker (host:port) as JSON, QoS 1 (with -AnomalyOnly or
    /// -ChangesOnly only what is written). Events wait in a bounded queue while the broker is unreachable.</summary>
    [Parameter]
    public string? MqttBroker { get; set; }

    /// <summary>With -MqttBroker: the topic (the retained online/offline status goes to TOPIC/status).</summary>
    [Parameter]
    public string? MqttTopic { get; set; }

    /// <summary>With -MqttBroker: user name and password for the broker (never printed).</summary>
    [Parameter]
    public PSCredential? MqttCredential { get; set; }

    /// <summary>With -MqttBroker: connect with TLS (default port 8883); the broker's certificate must be trusted by this machine or
    /// signed by the CA of -MqttCaFile.</summary>
    [Parameter]
    [Alias("MqttUseTls")]
    public SwitchParameter MqttTls { get; set; }

    /// <summary>With -MqttBroker: PEM file of the CA that signed the broker's certificate (a plant's own CA); implies -MqttTls.</summary>
    [Parameter]
    public string? MqttCaFile { get; set; }

    /// <summary>-RecordDirectory as a file-system path, or null.</summary>
    protected string? RecordPath => RecordDirectory is null ? null : GetUnresolvedProviderPathFromPSPath(RecordDirectory);

    /// <summary>The -Mqtt* parameters as core options (null without a broker).</summary>
    protected MqttEventOptions? Mqtt() => MqttOptions.From(this, MqttBroker, MqttTopic, MqttCredential, MqttTls.IsPresent, MqttCaFile);

    /// <summary>What -WhatIf and -Confirm name besides the model: the files the watch would write.</summary>
    protected string WritesDescription(string? evidence, string what) =>
        (evidence is null ? "" : $", saving {what} as FLAC files in {evidence}")
        + (RecordPath is null ? "" : $", recording the audio into WAV files in {RecordPath}");

    /// <summary>Reports what is not a result, on the pipeline thread: an outage as a warning, a file as verbose.</summary>
    protected void ReportEvent(CaptureStatus? status, string? evidenceFile, RecordingSegment? segment)
    {
        if (status is { } s) WriteWarning($"{s.Device}: {s.State}: {s.Message}");
        else if (evidenceFile is { } f) WriteVerbose($"Saved event window {f}");
        else if (segment is { } seg) WriteVerbose($"Recorded {seg.Path} ({seg.Duration:0.###} s)");
    }

    /// <summary>The listener's and the publisher's counters at the end (verbose; MQTT events not published warn).</summary>
    protected void ReportTotals(System.Net.IPEndPoint? listen, RtpListenerStatistics? listener, MqttPublisherStatistics? mqtt)
    {
        if (listener is { } l) WriteVerbose($"Listener {listen}: {l}");
        if (mqtt is not { } m) return;
        WriteVerbose($"MQTT: {m}");
        if (m.Overflowed > 0 || m.Queued > 0) WriteWarning($"MQTT: {m.Overflowed} events did not fit the queue and {m.Queued} were still queued at the end; they were not published.");
    }
}
