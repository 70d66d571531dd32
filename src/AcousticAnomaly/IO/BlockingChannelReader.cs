using System.Threading.Channels;

namespace AcousticAnomaly.IO;

/// <summary>
/// Reading a channel from a thread that must stay the consumer (a cmdlet's pipeline thread, a CLI's main thread) by
/// blocking it between items. WaitToReadAsync().AsTask().Wait() would allocate a Task for every wait - several a
/// second for a live watch, for days; this waits on one event instead and allocates nothing per item.
/// </summary>
public static class BlockingChannelReader
{
    /// <summary>Every item until the channel completes (rethrowing the error it completed with, if any).</summary>
    public static IEnumerable<T> ReadAllBlocking<T>(this ChannelReader<T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadAll(reader);
    }

    private static IEnumerable<T> ReadAll<T>(ChannelReader<T> reader)
    {
        using var ready = new ManualResetEventSlim(false);
        Action signal = ready.Set;
        while (true)
        {
            while (reader.TryRead(out var item)) yield return item;
            var awaiter = reader.WaitToReadAsync().ConfigureAwait(false).GetAwaiter();
            if (!awaiter.IsCompleted)
            {
                ready.Reset();
                awaiter.UnsafeOnCompleted(signal);
                ready.Wait();
            }
            if (!awaiter.GetResult()) yield break;
        }
    }
}
