using System.Runtime.InteropServices;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// SafeHandles for the ORT objects we own, so a forgotten Dispose still releases native memory and a session in use by
/// Run on another thread cannot be released underneath it (Run takes DangerousAddRef).
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);
    public override bool IsInvalid => handle == IntPtr.Zero;
}

internal sealed class OrtEnvHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseEnv(handle); return true; }
}

internal sealed class OrtSessionOptionsHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseSessionOptions(handle); return true; }
}

internal sealed class OrtSessionHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseSession(handle); return true; }
}

internal sealed class OrtMemoryInfoHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseMemoryInfo(handle); return true; }
}

internal sealed class OrtValueHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseValue(handle); return true; }
}

/// <summary>Process-wide ORT state: one environment (ORT allows only one per process) and one CPU memory info.</summary>
internal static class OrtProcess
{
    // 3 = ORT_LOGGING_LEVEL_ERROR: warnings (e.g. about unused initializers) would otherwise go to stderr of cmdlets.
    private const int LogLevelError = 3;

    private static readonly Lazy<OrtEnvHandle> EnvLazy = new(CreateEnv, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<OrtMemoryInfoHandle> CpuLazy = new(
        () => new OrtMemoryInfoHandle(OrtApi.CreateCpuMemoryInfo(1, 0)), LazyThreadSafetyMode.ExecutionAndPublication);

    public static OrtEnvHandle Env => EnvLazy.Value;
    public static OrtMemoryInfoHandle CpuMemory => CpuLazy.Value;

    private static OrtEnvHandle CreateEnv()
    {
        var id = Marshal.StringToCoTaskMemUTF8("AcousticAnomaly");
        try { return new OrtEnvHandle(OrtApi.CreateEnv(LogLevelError, id)); }
        finally { Marshal.FreeCoTaskMem(id); }
    }
}
