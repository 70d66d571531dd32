using System.Text;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Seeds derived from a user seed and names (FNV-1a), the same on every run and platform - string.GetHashCode is
/// randomised per process, so it cannot make "deterministic for a given seed" true.
/// </summary>
internal static class StableSeed
{
    public static int Derive(int seed, params string[] parts)
    {
        ulong h = 14695981039346656037UL ^ (uint)seed;
        foreach (var part in parts)
        {
            foreach (byte b in Encoding.UTF8.GetBytes(part))
            {
                h ^= b;
                h *= 1099511628211UL;
            }
            h ^= 0xFF;
            h *= 1099511628211UL;
        }
        return (int)(h ^ (h >> 32)) & int.MaxValue;
    }
}
