namespace AcousticAnomaly.Capture;

/// <summary>What went wrong with an audio device, so callers (cmdlets) can pick an error category.</summary>
public enum AudioDeviceProblem
{
    /// <summary>No input device has that name or index.</summary>
    NotFound,
    /// <summary>The name matches several devices.</summary>
    Ambiguous,
    /// <summary>The device cannot deliver the requested sample rate, channel count or sample format.</summary>
    UnsupportedFormat,
    /// <summary>The device exists but cannot be opened (busy, or its backing resource is missing).</summary>
    Unavailable,
    /// <summary>The device stopped delivering audio while a stream was running (unplugged, failed).</summary>
    Lost,
    /// <summary>Anything else PortAudio reported.</summary>
    Other,
}

/// <summary>A device problem with a message that says which device and what to do about it.</summary>
public sealed class AudioDeviceException : Exception
{
    public AudioDeviceException(AudioDeviceProblem problem, string? device, string message, int portAudioError = 0,
        Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
        Device = device;
        PortAudioError = portAudioError;
    }

    public AudioDeviceProblem Problem { get; }

    /// <summary>The device as the caller named it, when known.</summary>
    public string? Device { get; }

    /// <summary>The PaError code behind the problem (0 if it did not come from PortAudio).</summary>
    public int PortAudioError { get; }
}
