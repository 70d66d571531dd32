namespace AcousticAnomaly.Plots;

/// <summary>
/// <see cref="ReportSpectrogram.EnvelopeOf"/> of a signal whose length is known up front, fed in pieces as it streams:
/// the same slice boundaries, so the same values, with memory of the envelope alone (issue 15 item 13). Samples past
/// the announced length (a header that declared too few) fall into the last slice.
/// </summary>
internal sealed class StreamedEnvelope
{
    private readonly long _length;
    private readonly int _slices;
    private readonly float[] _envelope;
    private long _position;
    private int _slice;
    private long _sliceEnd;

    public StreamedEnvelope(long length, int slices)
    {
        _length = Math.Max(0, length);
        _slices = _length == 0 || slices < 1 ? 0 : (int)Math.Min(slices, _length);
        _envelope = new float[2 * _slices];
        for (int s = 0; s < _slices; s++) (_envelope[2 * s], _envelope[2 * s + 1]) = (float.PositiveInfinity, float.NegativeInfinity);
        _sliceEnd = End(0);
    }

    // EnvelopeOf's slice s covers [s*N/slices, max(start+1, (s+1)*N/slices)).
    private long End(int s) => Math.Max(s * _length / _slices + 1, (s + 1) * _length / _slices);

    /// <summary>The next samples (a StreamedLogMel.SampleHandler).</summary>
    public void Add(ReadOnlySpan<float> samples)
    {
        if (_slices == 0) return;
        foreach (var v in samples)
        {
            while (_position >= _sliceEnd && _slice < _slices - 1) _sliceEnd = End(++_slice);
            _envelope[2 * _slice] = Math.Min(_envelope[2 * _slice], v);
            _envelope[2 * _slice + 1] = Math.Max(_envelope[2 * _slice + 1], v);
            _position++;
        }
    }

    /// <summary>Min then max of each slice.</summary>
    public float[] ToArray() => _envelope;
}
