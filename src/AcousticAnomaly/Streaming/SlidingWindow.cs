namespace AcousticAnomaly.Streaming;

/// <summary>
/// The last <see cref="Length"/> mono samples of a stream, readable as one contiguous span without copying: every
/// sample is stored twice, at i and i + Length of a 2 x Length array, so the newest Length samples always lie in one
/// piece. It says when the next window is due: first after Length samples, then every Hop samples.
/// </summary>
internal sealed class SlidingWindow
{
    private readonly float[] _mirror;
    private int _write;
    private long _filled;
    private long _nextDue;

    public SlidingWindow(int length, int hop)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length));
        if (hop <= 0) throw new ArgumentOutOfRangeException(nameof(hop));
        Length = length;
        Hop = hop;
        _mirror = new float[2 * length];
        _nextDue = length;
    }

    public int Length { get; }
    public int Hop { get; }

    /// <summary>Samples to append before the next window is complete.</summary>
    public int SamplesUntilDue => (int)(_nextDue - _filled);

    /// <summary>Appends samples (at most <see cref="SamplesUntilDue"/>); true if a window is now complete.</summary>
    public bool Append(ReadOnlySpan<float> samples)
    {
        if (samples.Length > SamplesUntilDue) throw new ArgumentException("More samples than the next window needs.", nameof(samples));
        foreach (var s in samples)
        {
            _mirror[_write] = s;
            _mirror[_write + Length] = s;
            if (++_write == Length) _write = 0;
        }
        _filled += samples.Length;
        if (_filled < _nextDue) return false;
        _nextDue += Hop;
        return true;
    }

    /// <summary>The newest Length samples, oldest first (valid until the next Append).</summary>
    public ReadOnlySpan<float> Window => _mirror.AsSpan(_write, Length);

    /// <summary>Starts over (after lost frames a window must not join audio from both sides of the gap).</summary>
    public void Reset()
    {
        _filled = 0;
        _nextDue = Length;
        _write = 0;
    }
}
