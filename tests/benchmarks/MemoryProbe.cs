using System.Globalization;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// One line saying where the process's memory is: RSS split into anonymous and file-backed pages (Linux
/// smaps_rollup), what the GC has committed and what its heap holds, what glibc's malloc holds from the system and
/// how much of it is in use (mallinfo2), and how much IL the JIT has compiled. Growth in RSS with a flat GC heap is
/// otherwise a guess between JIT, GC budget, native allocators and page cache; this line names which.
/// </summary>
internal static partial class MemoryProbe
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static partial MallInfo2 NativeMallInfo2();

    public static string Line()
    {
        var (rss, anon) = SmapsRollup();
        var gc = GC.GetGCMemoryInfo();
        string malloc = "n/a";
        try
        {
            var m = NativeMallInfo2();
            // Arena: bytes held in the main and thread arenas; Hblkhd: bytes in separate mmap'd chunks.
            malloc = $"{Mb((long)(m.Arena + m.Hblkhd))} held / {Mb((long)(m.Uordblks + m.Hblkhd))} in use";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        return $"RSS {Mb(rss)} (anon {Mb(anon)}, file {Mb(rss - anon)}), GC committed {Mb(gc.TotalCommittedBytes)}, " +
            $"GC heap {Mb(GC.GetTotalMemory(false))}, allocated {Mb(GC.GetTotalAllocatedBytes())}, malloc {malloc}, JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} methods " +
            $"{System.Runtime.JitInfo.GetCompiledILBytes() / 1024} kB IL";
    }

    private static (long Rss, long Anon) SmapsRollup()
    {
        long rss = 0, anon = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/smaps_rollup"))
            {
                if (line.StartsWith("Rss:", StringComparison.Ordinal)) rss = Kb(line);
                else if (line.StartsWith("Anonymous:", StringComparison.Ordinal)) anon = Kb(line);
            }
        }
        catch (IOException) { }
        return (rss, anon);
    }

    private static long Kb(string line) =>
        1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
