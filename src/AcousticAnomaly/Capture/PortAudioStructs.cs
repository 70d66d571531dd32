using System.Runtime.InteropServices;

namespace AcousticAnomaly.Capture;

// Layouts copied from portaudio.h (v19). Sizes are asserted in the tests: PaDeviceInfo is 72 bytes and
// PaStreamParameters 32 bytes on 64-bit Linux. C `unsigned long` is CULong so Windows (32-bit long) also matches.

/// <summary>portaudio.h PaDeviceInfo.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaDeviceInfo
{
    public int StructVersion;
    public IntPtr Name;
    public int HostApi;
    public int MaxInputChannels;
    public int MaxOutputChannels;
    public double DefaultLowInputLatency;
    public double DefaultLowOutputLatency;
    public double DefaultHighInputLatency;
    public double DefaultHighOutputLatency;
    public double DefaultSampleRate;
}

/// <summary>portaudio.h PaHostApiInfo.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaHostApiInfo
{
    public int StructVersion;
    public int Type;
    public IntPtr Name;
    public int DeviceCount;
    public int DefaultInputDevice;
    public int DefaultOutputDevice;
}

/// <summary>portaudio.h PaStreamParameters.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaStreamParameters
{
    public int Device;
    public int ChannelCount;
    public CULong SampleFormat;
    public double SuggestedLatency;
    public IntPtr HostApiSpecificStreamInfo;
}

/// <summary>portaudio.h PaHostErrorInfo: the host API's own error behind paUnanticipatedHostError.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaHostErrorInfo
{
    public int HostApiType;
    public CLong ErrorCode;
    public IntPtr ErrorText;
}

/// <summary>The PaError codes we react to (portaudio.h PaErrorCode).</summary>
internal static class PaErrorCode
{
    public const int NoError = 0;
    public const int NotInitialized = -10000;
    public const int UnanticipatedHostError = -9999;
    public const int InvalidChannelCount = -9998;
    public const int InvalidSampleRate = -9997;
    public const int InvalidDevice = -9996;
    public const int SampleFormatNotSupported = -9994;
    public const int BadIODeviceCombination = -9993;
    public const int TimedOut = -9987;
    public const int DeviceUnavailable = -9985;
    public const int InputOverflowed = -9981;
}

/// <summary>PaSampleFormat bits.</summary>
internal static class PaSampleFormat
{
    public const uint Float32 = 0x1;
    public const uint Int32 = 0x2;
    public const uint Int24 = 0x4;
    public const uint Int16 = 0x8;
}
