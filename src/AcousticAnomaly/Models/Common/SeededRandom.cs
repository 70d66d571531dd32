namespace AcousticAnomaly.Models.Common;

/// <summary>
/// The seeded generator the families train with (Isolation Forest, k-means, one-class SVM, autoencoder): xoshiro256**,
/// not a copy of numpy's generator. Our own fixed algorithm (not System.Random,
/// whose sequence is not promised across .NET versions) so a seed gives the same model on every runtime. Seeded by
/// SplitMix64 from (seed, stream): each Isolation Forest tree, k-means restart or shuffle has an independent stream,
/// which is what makes parallel training reproducible.
/// </summary>
internal struct SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(int seed, int stream)
    {
        var x = ((ulong)(uint)seed << 32) ^ (uint)stream ^ 0x6A09E667F3BCC908UL;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        var b = (ulong)bound;
        var m = Math.BigMul(NextUInt64(), b, out var low);
        if (low < b)
        {
            var threshold = (0UL - b) % b;
            while (low < threshold) m = Math.BigMul(NextUInt64(), b, out low);
        }
        return (int)m;
    }
}
