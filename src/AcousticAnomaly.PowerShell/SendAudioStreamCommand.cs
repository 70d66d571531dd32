using System.Management.Automation;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.PowerShell;

/// <summary>Streams a microphone (or a recording) to a watcher or recorder on another machine as RTP audio.</summary>
/// <remarks>
/// Sends RTP (RFC 3550) packets of 16-bit PCM (L16) every -PacketDuration (default 20 ms) to -Destination, where
/// Watch-AnomalyStream -Listen or Start-AudioRecording -Listen treats the stream as one more device. -Device captures a
/// microphone until Ctrl+C; -LiteralPath plays a WAV or FLAC file at real time (or -Speed times faster), for replays and
/// tests. Results the watcher sends back (Watch-AnomalyStream -Reply) are written as AnomalyEventMessage objects
/// (Time, Device, Score, Threshold, IsAnomaly, Label, Probability, Model, WindowOffset, FramesLost). The listener must
/// expect the rate and channels sent (a watcher expects the model's rate, mono, unless told otherwise).
/// </remarks>
/// <example>
/// <code>Send-AudioStream -Device 'USB Audio' -Destination scorer01:5004 -StreamName pump7</code>
/// <para>Streams the microphone to the scorer and writes each result it replies.</para>
/// </example>
/// <example>
/// <code>Send-AudioStream -LiteralPath ./pump7.wav -Destination 127.0.0.1:5004 | Where-Object IsAnomaly</code>
/// <para>Replays a recording at real time and keeps the anomalous windows.</para>
/// </example>
[Cmdlet(VerbsCommunications.Send, "AudioStream", DefaultParameterSetName = DeviceSet)]
[OutputType(typeof(AnomalyEventMessage))]
public sealed class SendAudioStreamCommand : PSCmdlet
{
    private const string DeviceSet = "Device", FileSet = "File";
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The microphone: a name, unique wildcard or index (Get-AudioDevice lists them).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(AudioDeviceNameCompleter))]
    public string Device { get; set; } = "";

    /// <summary>A WAV or FLAC file to stream at real time instead of a microphone.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FileSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath")]
    public string LiteralPath { get; set; } = "";

    /// <summary>The listener: host:port (a bare host uses port 5004).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Destination { get; set; } = "";

    /// <summary>The stream's name at the listener (default: this machine's name and the device or file name).</summary>
    [Parameter]
    public string? StreamName { get; set; }

    /// <summary>With -Device: capture rate (default 16000, the DCASE rate).</summary>
    [Parameter(ParameterSetName = DeviceSet)]
    [ValidateRange(1000, 384000)]
    public int? SampleRate { get; set; }

    /// <summary>With -Device: channels (default 1).</summary>
    [Parameter(ParameterSetName = DeviceSet)]
    [ValidateRange(1, 64)]
    public int? Channels { get; set; }

    /// <summary>Audio per packet, in seconds or as a TimeSpan (default 20 ms).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? PacketDuration { get; set; }

    /// <summary>With -LiteralPath: how many times real time to send (default 1).</summary>
    [Parameter(ParameterSetName = FileSet)]
    [ValidateRange(0.001, 1000.0)]
    public double? Speed { get; set; }

    protected override void StopProcessing() => _cancel.Cancel();

    protected override void ProcessRecord()
    {
        RtpSenderOptions options;
        try
        {
            var defaults = new RtpSenderOptions { Destination = NetworkEndpoint.Parse(Destination, RtpListenerOptions.DefaultPort) };
            options = defaults with
            {
                Name = StreamName,
                PacketDuration = PacketDuration ?? defaults.PacketDuration,
                Speed = Speed ?? defaults.Speed,
            };
        }
        catch (FormatException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidDestination", ErrorCategory.InvalidArgument, Destination));
            return;
        }

        RtpSender sender;
        string source = ParameterSetName == FileSet ? GetUnresolvedProviderPathFromPSPath(LiteralPath) : Device;
        try
        {
            if (ParameterSetName == FileSet)
            {
                sender = RtpSender.SendFile(source, options);
            }
            else
            {
                var capture = new CaptureOptions();
                sender = RtpSender.SendDevice(Device, capture with { SampleRate = SampleRate ?? capture.SampleRate, Channels = Channels ?? capture.Channels }, options);
            }
        }
        catch (Exception ex) when (ex is AudioFileException or IOException or UnauthorizedAccessException)
        {
            // One bad file is an error for that file; the next piped file is still sent.
            WriteError(new ErrorRecord(ex, "AudioFileUnreadable", ErrorCategory.ReadError, source));
            return;
        }
        catch (AudioDeviceException ex)
        {
            ThrowTerminatingError(AudioDeviceErrorRecord.From(ex, ex.Device));
            return;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidSendOptions", ErrorCategory.InvalidArgument, options));
            return;
        }

        using (sender)
        using (_cancel.Token.Register(sender.Stop))
        {
            foreach (var reply in sender.Replies.ReadAllBlocking()) WriteObject(reply);
        }
        WriteVerbose(sender.Statistics.ToString());
        // The file is read as it is sent: corrupt data part way through is this file's error, reported once it ends.
        if (sender.Failure is AudioFileException failure)
            WriteError(new ErrorRecord(failure, "AudioFileUnreadable", ErrorCategory.ReadError, source));
    }
}
