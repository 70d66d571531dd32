namespace AcousticAnomaly.Capture;

/// <summary>One audio input device as PortAudio lists it (emitted by Get-AudioDevice and `acoustic-anomaly devices`).</summary>
/// <param name="Index">PortAudio's device index; valid until PortAudio is restarted (devices plugged in or out).</param>
/// <param name="Name">The device's name, as used by -Device.</param>
/// <param name="HostApi">The host API that provides it (ALSA, WASAPI, Core Audio, ...).</param>
/// <param name="MaxInputChannels">Most channels it can capture at once.</param>
/// <param name="DefaultSampleRate">The rate the device prefers, in Hz.</param>
/// <param name="IsDefaultInput">True for the system's default input device.</param>
public sealed record AudioDeviceInfo(int Index, string Name, string HostApi, int MaxInputChannels,
    double DefaultSampleRate, bool IsDefaultInput);
