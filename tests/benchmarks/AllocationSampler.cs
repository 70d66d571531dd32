using System.Diagnostics.Tracing;
using System.Globalization;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Which types the process allocates, sampled in-process from the runtime's GCAllocationTick event (one event per
/// ~100 kB allocated, naming the type that crossed the mark) - enough to find a steady-state allocator without a
/// profiler. Also counts total bytes allocated from when it was started.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytesByType = new();
    private readonly object _gate = new();
    private readonly long _startAllocated = GC.GetTotalAllocatedBytes(precise: false);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        int typeIndex = e.PayloadNames!.IndexOf("TypeName");
        int amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0) return;
        string type = e.Payload[typeIndex] as string ?? "?";
        long amount = amountIndex >= 0 ? Convert.ToInt64(e.Payload[amountIndex], CultureInfo.InvariantCulture) : 100_000;
        lock (_gate) _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
    }

    /// <summary>Bytes allocated since the sampler started, and the types that took most of them.</summary>
    public string Report(int top = 12)
    {
        long total = GC.GetTotalAllocatedBytes(precise: false) - _startAllocated;
        lock (_gate)
        {
            var lines = _bytesByType.OrderByDescending(p => p.Value).Take(top)
                .Select(p => $"    {p.Value / 1048576.0,8:0.0} MB  {p.Key}");
            return $"allocated since start: {total / 1048576.0:0.0} MB; sampled by type:\n" + string.Join("\n", lines);
        }
    }
}
