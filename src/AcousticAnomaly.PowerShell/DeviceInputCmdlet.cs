using System.Globalization;
using System.Management.Automation;
using System.Threading.Channels;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Base for cmdlets that open audio devices (Start-AudioRecording, Watch-AnomalyStream): -Device by name, wildcard or
/// index with tab completion, Get-AudioDevice output bound by property name (its Index picks the exact device listed),
/// channels, test pacing, the device list collected over the pipeline, and Ctrl+C cancelling the capture.
/// </summary>
public abstract class DeviceInputCmdlet : PSCmdlet
{
    private readonly List<string> _devices = new();
    private readonly List<string> _deviceNames = new();

    /// <summary>Devices: names, wildcards matching one device, or indices (Get-AudioDevice lists them).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ListenSet)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(AudioDeviceNameCompleter))]
    public string[] Device { get; set; } = Array.Empty<string>();

    /// <summary>The device index from Get-AudioDevice output; when piped, it picks the exact device listed.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? Index { get; set; }

    /// <summary>Channels per device.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Channels { get; set; } = CaptureOptions.Defaults.Channels;

    /// <summary>
    /// Never read faster than this many times real time. Only for file-backed or virtual test devices, which are not
    /// paced by a sound card; real microphones pace themselves.
    /// </summary>
    [Parameter]
    [ValidateRange(0.001, 1_000_000.0)]
    public double? MaxSpeed { get; set; }

    /// <summary>Parameter sets: local devices, or network senders (with or without local devices too).</summary>
    protected const string DeviceSet = "Device", ListenSet = "Listen";

    /// <summary>Take audio from network senders (Send-AudioStream): RTP L16 arriving on host:port, each sender its own
    /// device. A bare port listens on loopback only; give an address (0.0.0.0:5004) to accept other machines.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ListenSet)]
    public string? Listen { get; set; }

    /// <summary>With -Listen: accept only these senders (addresses or CIDR ranges such as 10.1.0.0/16).</summary>
    [Parameter(ParameterSetName = ListenSet)]
    public string[]? AllowFrom { get; set; }

    /// <summary>The listener's options from -Listen and -AllowFrom (null without -Listen); a bad address stops the command.</summary>
    protected Network.RtpListenerOptions? ListenOptions()
    {
        if (Listen is null) return null;
        try
        {
            return new Network.RtpListenerOptions
            {
                Endpoint = Network.NetworkEndpoint.Parse(Listen, Network.RtpListenerOptions.DefaultPort),
                AllowFrom = (AllowFrom ?? Array.Empty<string>()).Select(Network.AddressRange.Parse).ToArray(),
            };
        }
        catch (FormatException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidListenAddress", ErrorCategory.InvalidArgument, Listen));
            throw; // not reached
        }
    }

    /// <summary>Every device named on the command line or piped in, in order.</summary>
    protected IReadOnlyList<string> Devices => _devices;

    /// <summary>The devices as people name them, for -WhatIf and -Confirm: a piped device by its name, not its index.</summary>
    protected string DeviceList => string.Join(", ", _deviceNames);

    /// <summary>Cancelled by Ctrl+C (StopProcessing); the capture stops and every file is finalised.</summary>
    protected CancellationTokenSource Cancellation { get; } = new();

    protected override void ProcessRecord()
    {
        // A piped AudioDeviceInfo carries its index: use it so the exact listed device is opened.
        if (Index is int index && MyInvocation.ExpectingInput)
        {
            _devices.Add(index.ToString(CultureInfo.InvariantCulture));
            _deviceNames.Add(Device.Length == 1 ? Device[0] : _devices[^1]);
        }
        else
        {
            _devices.AddRange(Device);
            _deviceNames.AddRange(Device);
        }
        Index = null;
    }

    protected override void StopProcessing() => Cancellation.Cancel();

    /// <summary>Starts the capture; a device problem (unknown, busy, unsupported format) or a missing PortAudio stops the command with a clear error.</summary>
    protected T StartCapture<T>(Func<T> start)
    {
        try
        {
            return start();
        }
        catch (AudioDeviceException ex)
        {
            ThrowTerminatingError(AudioDeviceErrorRecord.From(ex, ex.Device));
            throw; // not reached: ThrowTerminatingError throws
        }
        catch (DllNotFoundException ex)
        {
            ThrowTerminatingError(AudioDeviceErrorRecord.NoPortAudio(ex));
            throw;
        }
    }

    /// <summary>
    /// Hands a run's events to <paramref name="handle"/> on this, the pipeline thread, until the run ends: the capture
    /// threads only queue events, because WriteObject/WriteWarning are legal on the pipeline thread alone.
    /// </summary>
    protected static void DrainOnPipelineThread<T>(ChannelReader<T> reader, Action<T> handle)
    {
        foreach (var e in reader.ReadAllBlocking()) handle(e);
    }
}
