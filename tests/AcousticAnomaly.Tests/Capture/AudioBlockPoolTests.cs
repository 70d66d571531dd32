using AcousticAnomaly.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Capture;

public sealed class AudioBlockPoolTests
{
    [Fact]
    public void ABlockComesBackOnceEvenIfReturnedTwiceAndForeignBlocksAreIgnored()
    {
        var pool = new AudioBlockPool(800, CaptureSampleFormat.Int16);
        var a = pool.Rent();
        Assert.Equal(800, a.Int16Samples!.Length);
        pool.Return(a);
        pool.Return(a); // not out of the pool any more: ignored
        pool.Return(new AudioBlockPool(800, CaptureSampleFormat.Int16).Rent()); // another pool's
        Assert.Same(a, pool.Rent());
        Assert.NotSame(a, pool.Rent()); // only one copy of a was kept
    }

    [Fact]
    public void FloatBlocksAndTheCapacityBound()
    {
        var pool = new AudioBlockPool(256, CaptureSampleFormat.Float32);
        var rented = Enumerable.Range(0, AudioBlockPool.Capacity + 10).Select(_ => pool.Rent()).ToList();
        Assert.All(rented, b => Assert.Equal(256, b.FloatSamples!.Length));
        foreach (var b in rented) pool.Return(b);
        // Only Capacity blocks are kept; the rest are left to the GC.
        var again = Enumerable.Range(0, AudioBlockPool.Capacity + 10).Select(_ => pool.Rent()).ToList();
        Assert.Equal(AudioBlockPool.Capacity, again.Count(b => rented.Contains(b)));
    }
}
