using System.Runtime.InteropServices;

namespace AcousticAnomaly.Capture;

/// <summary>
/// The PortAudio entry points, bound by name from whichever PortAudio library the platform has. Loaded by hand with
/// <see cref="NativeLibrary"/> rather than [DllImport] + a resolver, because an assembly can register only one
/// DllImport resolver and other stages (ONNX Runtime, libFLAC) live in this assembly too.
/// </summary>
internal sealed unsafe class PortAudioLibrary
{
    /// <summary>Names tried in order: Debian/Ubuntu's soname first, then dev symlink, Windows and macOS builds.</summary>
    internal static readonly string[] CandidateNames =
    {
        "libportaudio.so.2", "libportaudio.so", "portaudio.dll", "libportaudio.dll", "libportaudio-2.dll",
        "libportaudio.2.dylib", "libportaudio.dylib",
    };

    private static readonly Lazy<PortAudioLibrary> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static PortAudioLibrary Instance => Shared.Value;

    public readonly delegate* unmanaged[Cdecl]<int> Initialize;
    public readonly delegate* unmanaged[Cdecl]<int> Terminate;
    public readonly delegate* unmanaged[Cdecl]<int, IntPtr> GetErrorText;
    public readonly delegate* unmanaged[Cdecl]<PaHostErrorInfo*> GetLastHostErrorInfo;
    public readonly delegate* unmanaged[Cdecl]<int> GetDeviceCount;
    public readonly delegate* unmanaged[Cdecl]<int> GetDefaultInputDevice;
    public readonly delegate* unmanaged[Cdecl]<int, PaDeviceInfo*> GetDeviceInfo;
    public readonly delegate* unmanaged[Cdecl]<int, PaHostApiInfo*> GetHostApiInfo;
    public readonly delegate* unmanaged[Cdecl]<PaStreamParameters*, PaStreamParameters*, double, int> IsFormatSupported;
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, PaStreamParameters*, PaStreamParameters*, double, CULong, CULong, IntPtr, IntPtr, int> OpenStream;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int> StartStream;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int> StopStream;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int> AbortStream;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int> CloseStream;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, CULong, int> ReadStream;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, CLong> GetStreamReadAvailable;

    private PortAudioLibrary(IntPtr h)
    {
        Initialize = (delegate* unmanaged[Cdecl]<int>)Export(h, "Pa_Initialize");
        Terminate = (delegate* unmanaged[Cdecl]<int>)Export(h, "Pa_Terminate");
        GetErrorText = (delegate* unmanaged[Cdecl]<int, IntPtr>)Export(h, "Pa_GetErrorText");
        GetLastHostErrorInfo = (delegate* unmanaged[Cdecl]<PaHostErrorInfo*>)Export(h, "Pa_GetLastHostErrorInfo");
        GetDeviceCount = (delegate* unmanaged[Cdecl]<int>)Export(h, "Pa_GetDeviceCount");
        GetDefaultInputDevice = (delegate* unmanaged[Cdecl]<int>)Export(h, "Pa_GetDefaultInputDevice");
        GetDeviceInfo = (delegate* unmanaged[Cdecl]<int, PaDeviceInfo*>)Export(h, "Pa_GetDeviceInfo");
        GetHostApiInfo = (delegate* unmanaged[Cdecl]<int, PaHostApiInfo*>)Export(h, "Pa_GetHostApiInfo");
        IsFormatSupported = (delegate* unmanaged[Cdecl]<PaStreamParameters*, PaStreamParameters*, double, int>)Export(h, "Pa_IsFormatSupported");
        OpenStream = (delegate* unmanaged[Cdecl]<IntPtr*, PaStreamParameters*, PaStreamParameters*, double, CULong, CULong, IntPtr, IntPtr, int>)Export(h, "Pa_OpenStream");
        StartStream = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(h, "Pa_StartStream");
        StopStream = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(h, "Pa_StopStream");
        AbortStream = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(h, "Pa_AbortStream");
        CloseStream = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(h, "Pa_CloseStream");
        ReadStream = (delegate* unmanaged[Cdecl]<IntPtr, void*, CULong, int>)Export(h, "Pa_ReadStream");
        GetStreamReadAvailable = (delegate* unmanaged[Cdecl]<IntPtr, CLong>)Export(h, "Pa_GetStreamReadAvailable");
    }

    private static IntPtr Export(IntPtr handle, string name) => NativeLibrary.TryGetExport(handle, name, out var p)
        ? p
        : throw new EntryPointNotFoundException($"The PortAudio library has no export '{name}' (PortAudio v19 is required).");

    private static PortAudioLibrary Load()
    {
        foreach (var name in CandidateNames)
        {
            if (NativeLibrary.TryLoad(name, typeof(PortAudioLibrary).Assembly, null, out var handle))
            {
                return new PortAudioLibrary(handle);
            }
        }
        throw new DllNotFoundException(
            "PortAudio was not found (tried " + string.Join(", ", CandidateNames) +
            "). Install it: Debian/Ubuntu `apt-get install libportaudio2`, macOS `brew install portaudio`, " +
            "Windows: put portaudio.dll next to the module.");
    }

    /// <summary>Pa_GetErrorText, plus the host API's own text for paUnanticipatedHostError.</summary>
    public string DescribeError(int code)
    {
        string text = Marshal.PtrToStringUTF8(GetErrorText(code)) ?? $"PortAudio error {code}";
        if (code == PaErrorCode.UnanticipatedHostError)
        {
            var info = GetLastHostErrorInfo();
            string host = info == null ? "" : Marshal.PtrToStringUTF8(info->ErrorText) ?? "";
            if (host.Length > 0 || (info != null && info->ErrorCode.Value != 0))
            {
                text += $": {host} (host error {info->ErrorCode.Value})";
            }
        }
        return text;
    }
}
