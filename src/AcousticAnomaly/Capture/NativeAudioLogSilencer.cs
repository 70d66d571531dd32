using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Capture;

/// <summary>
/// Stops the sound libraries under PortAudio from printing on the process's stderr. Debian's PortAudio probes JACK at
/// every Pa_Initialize, and with no JACK server libjack prints five "Cannot connect to server socket ..." lines; ALSA
/// prints "ALSA lib ..." lines while it enumerates a machine without a card. Neither is an error of ours (PortAudio's
/// return codes report real failures), yet stderr text breaks Start-Job, tab completion and scheduled-task logs.
/// libjack and libasound keep one global handler each, so installing no-op handlers once per process is enough.
/// PortAudio's own "Expression '...' failed in 'src/hostapi/alsa/pa_linux_alsa.c'" lines (PA_ENSURE on a failed read)
/// go through PaUtil_DebugPrint = vfprintf(stderr, ...), whose setter Debian's libportaudio does not export; see
/// <see cref="PortAudioStderrRedirect"/>, which gives that library alone a /dev/null stderr.
/// </summary>
internal static unsafe class NativeAudioLogSilencer
{
    private static int _installed;

    /// <summary>Installs the no-op handlers, once, before the first Pa_Initialize. Libraries that are absent are skipped.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0 || !OperatingSystem.IsLinux())
        {
            return;
        }
        // Handles stay open on purpose: the handlers live in the libraries' globals, which PortAudio's own link keeps.
        if (NativeLibrary.TryLoad("libjack.so.0", out var jack))
        {
            delegate* unmanaged[Cdecl]<byte*, void> quiet = &IgnoreJackMessage;
            if (NativeLibrary.TryGetExport(jack, "jack_set_error_function", out var setError))
            {
                ((delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<byte*, void>, void>)setError)(quiet);
            }
            if (NativeLibrary.TryGetExport(jack, "jack_set_info_function", out var setInfo))
            {
                ((delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<byte*, void>, void>)setInfo)(quiet);
            }
        }
        if (NativeLibrary.TryLoad("libasound.so.2", out var alsa)
            && NativeLibrary.TryGetExport(alsa, "snd_lib_error_set_handler", out var setHandler))
        {
            // ALSA's handler is variadic (file, line, function, err, fmt, ...); ignoring every argument is safe.
            delegate* unmanaged[Cdecl]<byte*, int, byte*, int, byte*, void> ignore = &IgnoreAlsaMessage;
            ((delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<byte*, int, byte*, int, byte*, void>, int>)setHandler)(ignore);
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void IgnoreJackMessage(byte* message) { }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void IgnoreAlsaMessage(byte* file, int line, byte* function, int err, byte* format) { }
}
