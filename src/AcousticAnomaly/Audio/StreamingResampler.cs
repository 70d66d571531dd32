namespace AcousticAnomaly.Audio;

/// <summary>
/// <see cref="Resampler"/> for a signal that arrives block by block (live capture at the device's rate, analysed at the
/// model's): each output sample is produced as soon as the last input sample under its filter has arrived, about
/// <c>Left</c> input samples (0.2 ms at 48 kHz) after its own time. The outputs are bit for bit those of
/// <see cref="Resampler.Process"/> on the whole signal from the last <see cref="Reset"/> on, whatever the block sizes,
/// so a model sees live audio exactly as it would see the same recording resampled offline. Allocates only while its
/// buffer grows to the largest block. One thread at a time.
/// </summary>
public sealed class StreamingResampler
{
    private readonly Resampler _filter;
    private readonly double[]? _taps;
    private float[] _buffer = Array.Empty<float>();
    private long _bufferStart; // stream index of _buffer[0]
    private int _buffered;
    private long _next;        // index of the next output sample

    public StreamingResampler(int fromRate, int toRate)
    {
        _filter = new Resampler(fromRate, toRate);
        _taps = _filter.CreateTapScratch();
    }

    public int FromRate => _filter.FromRate;
    public int ToRate => _filter.ToRate;

    /// <summary>The most output samples one call with <paramref name="inputLength"/> input samples can write.</summary>
    public int MaxOutput(int inputLength) => (int)(((long)inputLength + _filter.Taps) * _filter.Up / _filter.Down) + 2;

    /// <summary>
    /// Appends <paramref name="input"/> and writes every output sample now complete into <paramref name="output"/>
    /// (which must hold <see cref="MaxOutput"/> samples); returns how many were written.
    /// </summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_filter.IsPassThrough)
        {
            input.CopyTo(output);
            return input.Length;
        }
        Append(input);
        int written = Emit(output, endOfSignal: false);
        Discard(Math.Max(0, (_next * _filter.Down) / _filter.Up - _filter.Left + 1));
        return written;
    }

    /// <summary>
    /// Ends the signal: writes the outputs still owed, taking the input as silence after its last sample exactly as
    /// <see cref="Resampler.Process"/> does at the end of a clip, so that all outputs together are that call's result
    /// (<see cref="Resampler.OutputLength"/> samples). <paramref name="output"/> must hold MaxOutput(0) samples.
    /// Call <see cref="Reset"/> before feeding a new signal.
    /// </summary>
    public int Flush(Span<float> output) => _filter.IsPassThrough ? 0 : Emit(output, endOfSignal: true);

    /// <summary>
    /// Writes the next outputs: while the stream runs, those whose last tap's sample has arrived; at its end, all of
    /// <see cref="Resampler.OutputLength"/>, with the taps past the last sample skipped (silence) as offline.
    /// </summary>
    private int Emit(Span<float> output, bool endOfSignal)
    {
        long end = _bufferStart + _buffered; // one past the newest input sample
        long total = endOfSignal ? Resampler.OutputLength(end, FromRate, ToRate) : long.MaxValue;
        int written = 0;
        int up = _filter.Up, down = _filter.Down, left = _filter.Left, taps = _filter.Taps;
        var buffer = _buffer.AsSpan(0, _buffered);
        for (; _next < total; _next++)
        {
            long pos = _next * down;
            long n0 = pos / up;
            if (!endOfSignal && n0 + left >= end) break; // its last tap's sample has not arrived yet
            int phase = (int)(pos - n0 * up);
            long first = n0 - left + 1;
            // Samples before the stream's start (and, at its end, after it) are silence: those taps are skipped.
            int k0 = (int)Math.Max(0, -first);
            int k1 = (int)Math.Min(taps, end - first);
            if (written == output.Length) throw new ArgumentException("The output span is smaller than MaxOutput.", nameof(output));
            output[written++] = (float)_filter.Dot(phase, buffer, first - _bufferStart, k0, k1, _taps);
        }
        return written;
    }

    /// <summary>Starts a new signal (after lost frames: the filter must not join audio from both sides of a gap).</summary>
    public void Reset()
    {
        _bufferStart = 0;
        _buffered = 0;
        _next = 0;
    }

    private void Append(ReadOnlySpan<float> input)
    {
        if (_buffered + input.Length > _buffer.Length)
        {
            var grown = new float[Math.Max(_buffered + input.Length, 2 * _buffer.Length)];
            _buffer.AsSpan(0, _buffered).CopyTo(grown);
            _buffer = grown;
        }
        input.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += input.Length;
    }

    /// <summary>Drops the samples before stream index <paramref name="keepFrom"/>: no future output reaches them.</summary>
    private void Discard(long keepFrom)
    {
        int drop = (int)Math.Min(_buffered, keepFrom - _bufferStart);
        if (drop <= 0) return;
        _buffer.AsSpan(drop, _buffered - drop).CopyTo(_buffer);
        _buffered -= drop;
        _bufferStart += drop;
    }
}
