using System.Management.Automation;
using AcousticAnomaly.Capture;

namespace AcousticAnomaly.PowerShell;

/// <summary>Turns a device problem into an ErrorRecord whose category says what kind of problem it is.</summary>
internal static class AudioDeviceErrorRecord
{
    public static ErrorRecord From(AudioDeviceException ex, object? target) => new(ex, "AudioDevice" + ex.Problem,
        ex.Problem switch
        {
            AudioDeviceProblem.NotFound => ErrorCategory.ObjectNotFound,
            AudioDeviceProblem.Ambiguous => ErrorCategory.InvalidArgument,
            AudioDeviceProblem.UnsupportedFormat => ErrorCategory.InvalidArgument,
            AudioDeviceProblem.Unavailable => ErrorCategory.ResourceBusy,
            AudioDeviceProblem.Lost => ErrorCategory.ResourceUnavailable,
            _ => ErrorCategory.DeviceError,
        },
        target);

    /// <summary>PortAudio itself missing is a terminating problem: nothing else can work.</summary>
    public static ErrorRecord NoPortAudio(DllNotFoundException ex) =>
        new(ex, "PortAudioNotFound", ErrorCategory.NotInstalled, null);
}
