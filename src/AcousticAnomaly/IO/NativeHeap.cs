using System.Runtime.InteropServices;

namespace AcousticAnomaly.IO;

/// <summary>
/// Hands native memory that has been freed back to the operating system, for processes that capture and score for
/// days. glibc's malloc keeps freed blocks inside its per-thread arenas, and ONNX Runtime (one set of intermediate
/// tensors per window) and the JIT (methods recompiled as they turn hot, some only after half an hour) free memory in
/// the middle of them, where it is never trimmed: a long watch's RSS crept up by megabytes that nothing used.
/// malloc_trim(0) returns every such free page (measured well under 1 ms here). Linux with glibc only; elsewhere, and
/// on musl, it does nothing.
/// </summary>
internal static unsafe class NativeHeap
{
    private static readonly delegate* unmanaged<nuint, int> MallocTrim = Load();

    /// <summary>Releases free native heap pages now; false where there is nothing to call.</summary>
    public static bool Trim()
    {
        if (MallocTrim == null) return false;
        MallocTrim(0);
        return true;
    }

    /// <summary>Calls <see cref="Trim"/> every <paramref name="period"/> until disposed (null where it cannot trim).</summary>
    public static IDisposable? TrimEvery(TimeSpan period) =>
        MallocTrim == null ? null : new Timer(static _ => Trim(), null, period, period);

    private static delegate* unmanaged<nuint, int> Load()
    {
        if (!OperatingSystem.IsLinux()) return null;
        // The soname, not "libc": on glibc "libc.so" is a linker script that dlopen refuses.
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc)) return null;
        return NativeLibrary.TryGetExport(libc, "malloc_trim", out var trim) ? (delegate* unmanaged<nuint, int>)trim : null;
    }
}
