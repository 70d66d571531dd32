using System.Runtime.InteropServices;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// Finds and loads the native ONNX Runtime library. There is no unversioned libonnxruntime.so on Linux, and the
/// library ships beside our assemblies rather than on the system search path, so it is always loaded by full path.
/// Order: the ACOUSTICANOMALY_ONNXRUNTIME environment variable (a file path), then runtimes/&lt;rid&gt;/native/ under the
/// core assembly's folder, then under AppContext.BaseDirectory (PowerShell loads the module from its own folder,
/// tests and the CLI from their output folder; the two usually coincide but not always).
/// </summary>
internal static class OrtLibrary
{
    public const string EnvironmentVariable = "ACOUSTICANOMALY_ONNXRUNTIME";

    private static readonly Lazy<IntPtr> Handle = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The loaded library's handle; loads it on first use. Throws <see cref="OnnxRuntimeException"/> listing where it looked.</summary>
    public static IntPtr NativeHandle => Handle.Value;

    /// <summary>The runtime identifier whose native folder we look in, or null on an unsupported platform.</summary>
    public static string? CurrentRid()
    {
        var arch = RuntimeInformation.ProcessArchitecture;
        if (OperatingSystem.IsLinux()) return arch switch { Architecture.X64 => "linux-x64", Architecture.Arm64 => "linux-arm64", _ => null };
        if (OperatingSystem.IsWindows()) return arch == Architecture.X64 ? "win-x64" : null;
        if (OperatingSystem.IsMacOS()) return arch == Architecture.Arm64 ? "osx-arm64" : null;
        return null;
    }

    /// <summary>The file name ONNX Runtime 1.23.2 has on the current OS.</summary>
    public static string LibraryFileName() =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.1.23.2.dylib"
        : "libonnxruntime.so.1";

    /// <summary>Every candidate path, in the order they are tried (the environment variable is handled separately).</summary>
    public static IReadOnlyList<string> CandidatePaths()
    {
        var rid = CurrentRid();
        var list = new List<string>();
        if (rid is null) return list;
        var relative = Path.Combine("runtimes", rid, "native", LibraryFileName());
        // Assembly.Location is empty for single-file apps; then only the base directory is searched.
        var coreDir = Path.GetDirectoryName(typeof(OrtLibrary).Assembly.Location);
        if (!string.IsNullOrEmpty(coreDir)) list.Add(Path.Combine(coreDir, relative));
        var baseCandidate = Path.Combine(AppContext.BaseDirectory, relative);
        if (!list.Any(p => string.Equals(Path.GetFullPath(p), Path.GetFullPath(baseCandidate), StringComparison.Ordinal)))
            list.Add(baseCandidate);
        return list;
    }

    private static IntPtr Load() =>
        LoadFile(ResolvePath(Environment.GetEnvironmentVariable(EnvironmentVariable), CandidatePaths()));

    /// <summary>Chooses the file to load: the explicit path if given, else the first candidate that exists.</summary>
    internal static string ResolvePath(string? explicitPath, IReadOnlyList<string> candidates)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            // An explicit setting that points nowhere is a configuration error; silently using another copy would hide it.
            if (!File.Exists(explicitPath))
                throw new OnnxRuntimeException(-1, $"{EnvironmentVariable} is set to '{explicitPath}', but that file does not exist.");
            return explicitPath;
        }

        foreach (var path in candidates)
        {
            if (File.Exists(path)) return path;
        }

        var rid = CurrentRid() ?? $"unsupported platform ({RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture})";
        var looked = candidates.Count == 0 ? "  (no folder: this platform has no bundled library)" : string.Join(Environment.NewLine, candidates.Select(p => "  " + p));
        throw new OnnxRuntimeException(-1,
            $"ONNX Runtime 1.23.2 native library not found for {rid}. Looked in:{Environment.NewLine}{looked}{Environment.NewLine}" +
            $"Set {EnvironmentVariable} to the full path of {LibraryFileName()} to use another copy.");
    }

    private static IntPtr LoadFile(string path)
    {
        try
        {
            return NativeLibrary.Load(Path.GetFullPath(path));
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeException(-1, $"{path}: cannot load ONNX Runtime: {ex.Message}", ex);
        }
    }
}
