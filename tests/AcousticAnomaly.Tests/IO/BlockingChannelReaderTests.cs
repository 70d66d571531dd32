using System.Threading.Channels;
using AcousticAnomaly.IO;
using Xunit;

namespace AcousticAnomaly.Tests.IO;

public sealed class BlockingChannelReaderTests
{
    [Fact]
    public async Task ItemsWrittenFromAnotherThreadArriveInOrderUntilTheChannelCompletes()
    {
        var channel = Channel.CreateUnbounded<int>();
        var writer = Task.Run(async () =>
        {
            for (int i = 0; i < 200; i++)
            {
                channel.Writer.TryWrite(i);
                if (i % 20 == 0) await Task.Delay(2); // the reader has to block and wake up now and then
            }
            channel.Writer.Complete();
        });
        Assert.Equal(Enumerable.Range(0, 200), channel.Reader.ReadAllBlocking().ToList());
        await writer;
    }

    [Fact]
    public void TheErrorTheChannelCompletedWithIsRethrownAfterTheItems()
    {
        var channel = Channel.CreateUnbounded<int>();
        channel.Writer.TryWrite(1);
        channel.Writer.Complete(new IOException("disk full"));
        var seen = new List<int>();
        var e = Assert.Throws<IOException>(() => { foreach (var i in channel.Reader.ReadAllBlocking()) seen.Add(i); });
        Assert.Equal("disk full", e.Message);
        Assert.Equal(new[] { 1 }, seen);
    }

    [Fact]
    public void WaitingForItemsAllocatesNothingPerItemOnABoundedChannel()
    {
        // The capture queues are bounded channels, whose single waiter is reused: a reader that blocks once per item
        // must not add an allocation of its own (the Task of WaitToReadAsync().AsTask()).
        var channel = Channel.CreateBounded<int>(16);
        using var go = new SemaphoreSlim(0);
        var writer = new Thread(() =>
        {
            for (int i = 0; i < 300; i++)
            {
                go.Wait();
                channel.Writer.TryWrite(i);
            }
            channel.Writer.Complete();
        });
        writer.Start();
        long allocated = 0, before = 0;
        int count = 0;
        go.Release();
        foreach (var i in channel.Reader.ReadAllBlocking())
        {
            if (++count == 100) before = GC.GetAllocatedBytesForCurrentThread();
            if (count == 300) allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            go.Release(); // the next item is written only now, so the reader waits for every one
        }
        writer.Join();
        Assert.Equal(300, count);
        // Under one byte per item over 200 items (a one-off object may appear; a Task per wait would be ~20 kB).
        Assert.InRange(allocated, 0, 199);
    }
}
