using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Tests.Capture;

internal static class CaptureTestHelpers
{
    /// <summary>File-backed devices are not paced; 20x real time keeps the queue from overflowing while tests stay quick.</summary>
    public static CaptureOptions Paced(CaptureOptions? o = null) => (o ?? new CaptureOptions()) with { SpeedLimit = 20 };

    /// <summary>Blocks from the session until at least <paramref name="frames"/> frames arrived (fails after 20 s).</summary>
    public static async Task<List<AudioBlock>> ReadBlocksAsync(CaptureSession session, long frames)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var blocks = new List<AudioBlock>();
        long got = 0;
        await foreach (var b in session.Blocks.ReadAllAsync(timeout.Token))
        {
            blocks.Add(b);
            got += b.Frames;
            if (got >= frames) break;
        }
        return blocks;
    }

    public static short[] Concat(IEnumerable<AudioBlock> blocks) => blocks.SelectMany(b => b.Int16Samples!).ToArray();
}
