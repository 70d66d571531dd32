using System.Management.Automation;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.PowerShell;

/// <summary>A live level meter: the RMS and peak level in dBFS of a microphone, per 100 ms or per chosen interval.</summary>
/// <remarks>
/// Emits one AudioLevel (Device, Offset, Time, RmsDb, PeakDb) per -Interval of captured audio, until -Duration of audio
/// has been measured or Ctrl+C. Watch the background level of a quiet room, then pick Start-AudioRecording's
/// -SilenceThresholdDb (or Split-AudioFile's) a few dB above it.
/// </remarks>
/// <example>
/// <code>Measure-AudioLevel -Device 'USB Audio' -Duration 10 | Measure-Object RmsDb -Maximum -Average</code>
/// <para>The background level over ten seconds.</para>
/// </example>
/// <example>
/// <code>Measure-AudioLevel mic -Interval 0.5</code>
/// <para>Two readings a second until Ctrl+C.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "AudioLevel")]
[OutputType(typeof(AudioLevel))]
public sealed class MeasureAudioLevelCommand : DeviceInputCmdlet
{
    /// <summary>Audio per reading, in seconds or as a TimeSpan (default 0.1 s).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? Interval { get; set; }

    /// <summary>Audio to measure, in seconds or as a TimeSpan; omit to run until Ctrl+C.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? Duration { get; set; }

    /// <summary>Frames per second (default 16000).</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int? SampleRate { get; set; }

    protected override void EndProcessing()
    {
        this.RequirePositive(("Interval", Interval), ("Duration", Duration));
        if (Devices.Count != 1)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Measure-AudioLevel listens to one device at a time."),
                "OneDevice", ErrorCategory.InvalidArgument, Devices));
        var capture = new CaptureOptions { Channels = Channels, SpeedLimit = MaxSpeed };
        if (SampleRate is int rate) capture = capture with { SampleRate = rate };
        var options = new AudioLevelOptions { Duration = Duration, Capture = capture };
        if (Interval is { } i) options = options with { Interval = i };
        var levels = StartCapture(() => AudioLevelMeter.Measure(Devices[0], options, Cancellation.Token));
        foreach (var level in levels) WriteObject(level);
    }
}
