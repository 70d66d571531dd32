using System.Management.Automation;
using AcousticAnomaly.Capture;

namespace AcousticAnomaly.PowerShell;

/// <summary>Lists the audio input devices PortAudio can capture from.</summary>
/// <remarks>
/// Emits one AudioDeviceInfo per input device (Index, Name, HostApi, MaxInputChannels, DefaultSampleRate,
/// IsDefaultInput). -Name filters with wildcards; a name without wildcards must name exactly one device (its exact
/// name, or a unique part of one), otherwise a non-terminating error lists the devices there are. The output pipes
/// into Start-AudioRecording, which binds Name by property name. Devices plugged in after PortAudio started are
/// seen once no capture is running (PortAudio lists devices when it starts).
/// </remarks>
/// <example>
/// <code>Get-AudioDevice</code>
/// <para>Lists every input device; the system default has IsDefaultInput set.</para>
/// </example>
/// <example>
/// <code>Get-AudioDevice -Name *USB* | Start-AudioRecording -OutputDirectory ./rec -Duration 00:01:00</code>
/// <para>Records one minute from every USB microphone at once.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "AudioDevice")]
[OutputType(typeof(AudioDeviceInfo))]
public sealed class GetAudioDeviceCommand : PSCmdlet
{
    /// <summary>Device names or wildcard patterns; all input devices when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(AudioDeviceNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            if (Name is null || Name.Length == 0)
            {
                WriteObject(AudioDeviceCatalog.List(), enumerateCollection: true);
                return;
            }
            var seen = new HashSet<int>();
            foreach (var name in Name)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    foreach (var d in AudioDeviceCatalog.List().Where(d => pattern.IsMatch(d.Name) && seen.Add(d.Index)))
                    {
                        WriteObject(d);
                    }
                    continue;
                }
                try
                {
                    var device = AudioDeviceCatalog.Resolve(name);
                    if (seen.Add(device.Index)) WriteObject(device);
                }
                catch (AudioDeviceException ex)
                {
                    WriteError(AudioDeviceErrorRecord.From(ex, name));
                }
            }
        }
        catch (DllNotFoundException ex)
        {
            ThrowTerminatingError(AudioDeviceErrorRecord.NoPortAudio(ex));
        }
        catch (AudioDeviceException ex)
        {
            ThrowTerminatingError(AudioDeviceErrorRecord.From(ex, null));
        }
    }
}
