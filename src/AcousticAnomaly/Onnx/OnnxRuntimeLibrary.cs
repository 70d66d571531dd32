using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// Makes the Microsoft.ML.OnnxRuntime package's native library loadable wherever our assemblies run, and creates ONNX
/// Runtime's one process environment. Apps (the CLI, tests) find runtimes/&lt;rid&gt;/native/ through their deps.json,
/// but PowerShell loads the module into its own process and never probes there, so a DllImport resolver registered
/// for the package's assembly loads the file by full path. Order: the ACOUSTICANOMALY_ONNXRUNTIME environment variable
/// (a file path), then runtimes/&lt;rid&gt;/native/ beside the ONNX Runtime assembly, the core assembly and
/// AppContext.BaseDirectory; when none exists the default probing (deps.json) takes over.
/// </summary>
internal static class OnnxRuntimeLibrary
{
    public const string EnvironmentVariable = "ACOUSTICANOMALY_ONNXRUNTIME";

    /// <summary>The name the package's DllImports use.</summary>
    private const string ImportName = "onnxruntime";

    private static readonly object Gate = new();
    private static bool _registered;
    private static readonly Lazy<OrtEnv> EnvLazy = new(CreateEnv, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the resolver (once) and returns the process's ORT environment, creating it on first use.</summary>
    public static OrtEnv Env
    {
        get
        {
            EnsureResolver();
            try
            {
                return EnvLazy.Value;
            }
            catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                throw NotLoadable(ex);
            }
        }
    }

    /// <summary>The runtime identifier whose native folder we look in, or null on a platform the package has no library for.</summary>
    public static string? CurrentRid()
    {
        var arch = RuntimeInformation.ProcessArchitecture;
        if (arch is not (Architecture.X64 or Architecture.Arm64)) return null;
        var a = arch == Architecture.X64 ? "x64" : "arm64";
        if (OperatingSystem.IsLinux()) return "linux-" + a;
        if (OperatingSystem.IsWindows()) return "win-" + a;
        if (OperatingSystem.IsMacOS()) return arch == Architecture.Arm64 ? "osx-arm64" : null;
        return null;
    }

    /// <summary>The library's file name in the package on the current OS.</summary>
    public static string LibraryFileName() =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so";

    /// <summary>Every runtimes/&lt;rid&gt;/native/ candidate, in the order they are tried (the environment variable comes first, separately).</summary>
    public static IReadOnlyList<string> CandidatePaths()
    {
        var rid = CurrentRid();
        var list = new List<string>();
        if (rid is null) return list;
        var relative = Path.Combine("runtimes", rid, "native", LibraryFileName());
        // Assembly.Location is empty for single-file apps; then only the base directory is searched.
        foreach (var dir in new[]
                 {
                     Path.GetDirectoryName(typeof(InferenceSession).Assembly.Location),
                     Path.GetDirectoryName(typeof(OnnxRuntimeLibrary).Assembly.Location),
                     AppContext.BaseDirectory,
                 })
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var candidate = Path.GetFullPath(Path.Combine(dir, relative));
            if (!list.Contains(candidate, StringComparer.Ordinal)) list.Add(candidate);
        }
        return list;
    }

    /// <summary>
    /// The file to load: the explicit path if given (it must exist: silently using another copy would hide a
    /// configuration error), else the first candidate that exists, else null (leave it to the default probing).
    /// </summary>
    internal static string? ResolvePath(string? explicitPath, IReadOnlyList<string> candidates)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            if (!File.Exists(explicitPath))
                throw new OnnxRuntimeException(-1, $"{EnvironmentVariable} is set to '{explicitPath}', but that file does not exist.");
            return explicitPath;
        }
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Registers our resolver for the package's assembly, once. ORT's own resolver is switched off first (an assembly
    /// takes only one). If a host registered one already, theirs stays and the default probing applies.
    /// </summary>
    internal static void EnsureResolver()
    {
        lock (Gate)
        {
            if (_registered) return;
            _registered = true;
            try
            {
                OrtEnv.DisableDllImportResolver = true;
                NativeLibrary.SetDllImportResolver(typeof(InferenceSession).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Another component of this process set a resolver for the assembly first; it decides.
            }
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, ImportName, StringComparison.Ordinal)) return IntPtr.Zero;
        var path = ResolvePath(Environment.GetEnvironmentVariable(EnvironmentVariable), CandidatePaths());
        return path is null ? IntPtr.Zero : NativeLibrary.Load(Path.GetFullPath(path));
    }

    private static OrtEnv CreateEnv()
    {
        // Errors only: warnings (e.g. about unused initializers) would otherwise go to the stderr of cmdlets.
        var options = new EnvironmentCreationOptions { logId = "AcousticAnomaly", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return OrtEnv.IsCreated ? OrtEnv.Instance() : OrtEnv.CreateInstanceWithOptions(ref options);
    }

    private static OnnxRuntimeException NotLoadable(Exception ex)
    {
        var inner = ex is TypeInitializationException { InnerException: { } i } ? i : ex;
        if (inner is OnnxRuntimeException ours) return ours;
        var rid = CurrentRid() ?? $"unsupported platform ({RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture})";
        var candidates = CandidatePaths();
        var looked = candidates.Count == 0 ? "  (no folder: this platform has no bundled library)" : string.Join(Environment.NewLine, candidates.Select(p => "  " + p));
        return new OnnxRuntimeException(-1,
            $"ONNX Runtime native library cannot be loaded for {rid}: {inner.Message}{Environment.NewLine}Looked in:{Environment.NewLine}{looked}{Environment.NewLine}" +
            $"Set {EnvironmentVariable} to the full path of {LibraryFileName()} to use another copy.", ex);
    }
}
