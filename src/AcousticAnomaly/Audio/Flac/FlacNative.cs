using System.Reflection;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Audio.Flac;

/// <summary>
/// libFLAC's C API as unmanaged function pointers. The library is found at first use through NativeLibrary, because its
/// file name differs per platform and per soname (libFLAC.so.12 on Debian 12, .so.14 on newer distributions), which a
/// fixed [DllImport] name cannot express. FLAC__bool is a C int; all calls are cdecl.
/// </summary>
internal static unsafe class FlacNative
{
    private static readonly Lazy<Api> LazyApi = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The loaded API; throws <see cref="DllNotFoundException"/> with install advice if libFLAC is missing.</summary>
    public static Api Functions => LazyApi.Value;

    /// <summary>True when libFLAC can be loaded here.</summary>
    public static bool IsAvailable
    {
        get
        {
            try { _ = LazyApi.Value; return true; }
            catch (DllNotFoundException) { return false; }
        }
    }

    internal static string[] CandidateNames()
    {
        if (OperatingSystem.IsWindows()) return new[] { "libFLAC.dll", "FLAC.dll", "libFLAC-12.dll", "libFLAC-14.dll" };
        if (OperatingSystem.IsMacOS()) return new[] { "libFLAC.14.dylib", "libFLAC.12.dylib", "libFLAC.dylib",
            "/opt/homebrew/lib/libFLAC.dylib", "/usr/local/lib/libFLAC.dylib" };
        return new[] { "libFLAC.so.12", "libFLAC.so.14", "libFLAC.so" };
    }

    private static Api Load()
    {
        var names = CandidateNames();
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, typeof(FlacNative).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out var handle)
                || NativeLibrary.TryLoad(name, out handle))
            {
                return new Api(handle);
            }
        }
        string advice = OperatingSystem.IsWindows() ? "put libFLAC.dll beside the module or on PATH"
            : OperatingSystem.IsMacOS() ? "install it with `brew install flac`"
            : "install libflac12 (Debian/Ubuntu: `sudo apt-get install libflac12`; Fedora: `sudo dnf install flac-libs`)";
        throw new DllNotFoundException($"libFLAC is not installed or not found (tried {string.Join(", ", names)}): {advice}.");
    }

    /// <summary>The function table. Field names follow the C names without the FLAC__stream_ prefix.</summary>
    internal sealed class Api
    {
        public Api(IntPtr lib)
        {
            IntPtr F(string name) => NativeLibrary.GetExport(lib, name);

            EncoderNew = (delegate* unmanaged[Cdecl]<IntPtr>)F("FLAC__stream_encoder_new");
            EncoderDelete = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("FLAC__stream_encoder_delete");
            EncoderSetChannels = (delegate* unmanaged[Cdecl]<IntPtr, uint, int>)F("FLAC__stream_encoder_set_channels");
            EncoderSetBitsPerSample = (delegate* unmanaged[Cdecl]<IntPtr, uint, int>)F("FLAC__stream_encoder_set_bits_per_sample");
            EncoderSetSampleRate = (delegate* unmanaged[Cdecl]<IntPtr, uint, int>)F("FLAC__stream_encoder_set_sample_rate");
            EncoderSetCompressionLevel = (delegate* unmanaged[Cdecl]<IntPtr, uint, int>)F("FLAC__stream_encoder_set_compression_level");
            EncoderSetVerify = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)F("FLAC__stream_encoder_set_verify");
            EncoderSetTotalSamplesEstimate = (delegate* unmanaged[Cdecl]<IntPtr, ulong, int>)F("FLAC__stream_encoder_set_total_samples_estimate");
            EncoderInitFile = (delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr, int>)F("FLAC__stream_encoder_init_file");
            EncoderProcessInterleaved = (delegate* unmanaged[Cdecl]<IntPtr, int*, uint, int>)F("FLAC__stream_encoder_process_interleaved");
            EncoderFinish = (delegate* unmanaged[Cdecl]<IntPtr, int>)F("FLAC__stream_encoder_finish");
            EncoderGetState = (delegate* unmanaged[Cdecl]<IntPtr, int>)F("FLAC__stream_encoder_get_state");
            EncoderGetVerifyDecoderErrorStats = (delegate* unmanaged[Cdecl]<IntPtr, ulong*, uint*, uint*, uint*, int*, int*, void>)
                F("FLAC__stream_encoder_get_verify_decoder_error_stats");

            DecoderNew = (delegate* unmanaged[Cdecl]<IntPtr>)F("FLAC__stream_decoder_new");
            DecoderDelete = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("FLAC__stream_decoder_delete");
            DecoderSetMd5Checking = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)F("FLAC__stream_decoder_set_md5_checking");
            DecoderInitFile = (delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr, IntPtr, IntPtr, int>)F("FLAC__stream_decoder_init_file");
            DecoderProcessSingle = (delegate* unmanaged[Cdecl]<IntPtr, int>)F("FLAC__stream_decoder_process_single");
            DecoderProcessUntilEndOfMetadata = (delegate* unmanaged[Cdecl]<IntPtr, int>)F("FLAC__stream_decoder_process_until_end_of_metadata");
            DecoderFinish = (delegate* unmanaged[Cdecl]<IntPtr, int>)F("FLAC__stream_decoder_finish");
            DecoderGetState = (delegate* unmanaged[Cdecl]<IntPtr, int>)F("FLAC__stream_decoder_get_state");
        }

        public readonly delegate* unmanaged[Cdecl]<IntPtr> EncoderNew;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, void> EncoderDelete;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, int> EncoderSetChannels;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, int> EncoderSetBitsPerSample;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, int> EncoderSetSampleRate;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, int> EncoderSetCompressionLevel;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> EncoderSetVerify;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, ulong, int> EncoderSetTotalSamplesEstimate;
        /// <summary>(encoder, utf8 path, progress_callback, client_data) -> FLAC__StreamEncoderInitStatus.</summary>
        public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr, int> EncoderInitFile;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, uint, int> EncoderProcessInterleaved;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> EncoderFinish;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> EncoderGetState;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, ulong*, uint*, uint*, uint*, int*, int*, void> EncoderGetVerifyDecoderErrorStats;

        public readonly delegate* unmanaged[Cdecl]<IntPtr> DecoderNew;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, void> DecoderDelete;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> DecoderSetMd5Checking;
        /// <summary>(decoder, utf8 path, write_cb, metadata_cb, error_cb, client_data) -> FLAC__StreamDecoderInitStatus.</summary>
        public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr, IntPtr, IntPtr, int> DecoderInitFile;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> DecoderProcessSingle;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> DecoderProcessUntilEndOfMetadata;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> DecoderFinish;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> DecoderGetState;
    }

    /// <summary>A NUL-terminated UTF-8 copy of a path (libFLAC 1.4 takes UTF-8 file names on every platform).</summary>
    public static byte[] Utf8Path(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
        return bytes;
    }
}
