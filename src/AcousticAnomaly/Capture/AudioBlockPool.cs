namespace AcousticAnomaly.Capture;

/// <summary>
/// Blocks of one shape (frames x channels, one sample format) that a capture session refills instead of allocating:
/// at 20 blocks a second per device, fresh arrays would be the live pipeline's largest steady allocation and keep
/// growing the GC's gen0 budget over a long run. Bounded: blocks beyond <see cref="Capacity"/> are left to the GC.
/// </summary>
internal sealed class AudioBlockPool
{
    public const int Capacity = 64;
    private readonly AudioBlock[] _free = new AudioBlock[Capacity];
    private readonly object _gate = new();
    private readonly int _samples;
    private readonly CaptureSampleFormat _format;
    private int _count;

    public AudioBlockPool(int samplesPerBlock, CaptureSampleFormat format)
    {
        _samples = samplesPerBlock;
        _format = format;
    }

    /// <summary>A block to read into: a returned one if any, else a new one.</summary>
    public AudioBlock Rent()
    {
        AudioBlock? block = null;
        lock (_gate)
        {
            if (_count > 0)
            {
                block = _free[--_count];
                _free[_count] = null!;
            }
        }
        block ??= _format == CaptureSampleFormat.Int16
            ? new AudioBlock("", 0, 0, 1, 1, default, false, new short[_samples], null)
            : new AudioBlock("", 0, 0, 1, 1, default, false, null, new float[_samples]);
        block.Pool = this;
        return block;
    }

    /// <summary>Takes a block back; one that is not out of this pool (foreign, or returned again before being
    /// rented again) is ignored.</summary>
    public void Return(AudioBlock block)
    {
        lock (_gate)
        {
            if (block.Pool != this) return;
            block.Pool = null;
            if (_count < Capacity) _free[_count++] = block;
        }
    }
}
