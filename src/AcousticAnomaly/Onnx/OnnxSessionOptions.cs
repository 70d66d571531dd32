namespace AcousticAnomaly.Onnx;

/// <summary>How a session is created.</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Threads one Run may use for a single operator; 0 lets ORT choose (one per physical core). Scoring many
    /// small batches from several streams is usually better with 1 and one Run per stream.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Graph optimisations: true = ORT_ENABLE_ALL (the default), false = ORT_DISABLE_ALL (for debugging a graph).</summary>
    public bool OptimizeGraph { get; init; } = true;

    /// <summary>
    /// ONNX Runtime's CPU memory arena (default on): it keeps freed blocks for reuse, which speeds big batch runs but lets
    /// a long-running process's memory creep as block sizes vary. The live watcher, which runs for days scoring small
    /// batches, turns it off.
    /// </summary>
    public bool CpuMemoryArena { get; init; } = true;
}
