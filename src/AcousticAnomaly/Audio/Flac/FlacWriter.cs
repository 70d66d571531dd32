namespace AcousticAnomaly.Audio.Flac;

/// <summary>Settings for <see cref="FlacWriter"/>.</summary>
/// <param name="SampleRate">Frames per second (1 to 655350 Hz).</param>
/// <param name="Channels">1 to 8.</param>
/// <param name="BitsPerSample">8, 16 or 24 (libFLAC 1.4 also takes 32).</param>
/// <param name="CompressionLevel">0 (fastest) to 8 (smallest), as the flac CLI's -0..-8.</param>
/// <param name="Verify">Decode every frame while encoding and compare (the CLI's --verify); slower, catches encoder bugs.</param>
/// <param name="TotalSamplesEstimate">Frames per channel if known, so STREAMINFO is right even if the file cannot be re-seeked.</param>
public sealed record FlacWriterOptions(int SampleRate, int Channels, int BitsPerSample, int CompressionLevel = 5,
    bool Verify = false, long TotalSamplesEstimate = 0);

/// <summary>
/// A streaming FLAC encoder writing to a file through libFLAC. Write interleaved right-justified integer samples, then
/// <see cref="Complete"/> (or Dispose, which finishes quietly). Every failure throws an <see cref="IOException"/> naming
/// the file and libFLAC's encoder state.
/// </summary>
public sealed unsafe class FlacWriter : IDisposable
{
    private IntPtr _encoder;
    private readonly FlacNative.Api _api;
    private readonly int _min, _max;
    private bool _finished;

    public FlacWriter(string path, FlacWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Channels is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(options), $"FLAC takes 1 to 8 channels, not {options.Channels}.");
        if (options.BitsPerSample is not (8 or 16 or 24 or 32))
            throw new ArgumentOutOfRangeException(nameof(options), $"FLAC writer takes 8, 16, 24 or 32-bit samples, not {options.BitsPerSample}.");
        if (options.SampleRate is < 1 or > 655350) throw new ArgumentOutOfRangeException(nameof(options), $"Sample rate {options.SampleRate} is out of FLAC's range.");
        if (options.CompressionLevel is < 0 or > 8) throw new ArgumentOutOfRangeException(nameof(options), $"Compression level must be 0 to 8, not {options.CompressionLevel}.");

        Path = path;
        Options = options;
        _api = FlacNative.Functions;
        _max = (int)((1L << (options.BitsPerSample - 1)) - 1);
        _min = (int)(-(1L << (options.BitsPerSample - 1)));

        _encoder = _api.EncoderNew();
        if (_encoder == IntPtr.Zero) throw new OutOfMemoryException("libFLAC could not allocate an encoder.");
        bool ok = _api.EncoderSetChannels(_encoder, (uint)options.Channels) != 0
            && _api.EncoderSetBitsPerSample(_encoder, (uint)options.BitsPerSample) != 0
            && _api.EncoderSetSampleRate(_encoder, (uint)options.SampleRate) != 0
            && _api.EncoderSetCompressionLevel(_encoder, (uint)options.CompressionLevel) != 0
            && _api.EncoderSetVerify(_encoder, options.Verify ? 1 : 0) != 0
            && _api.EncoderSetTotalSamplesEstimate(_encoder, (ulong)Math.Max(0, options.TotalSamplesEstimate)) != 0;
        if (!ok) Fail("could not configure the encoder");

        var utf8 = FlacNative.Utf8Path(path);
        int init;
        fixed (byte* p = utf8) init = _api.EncoderInitFile(_encoder, p, IntPtr.Zero, IntPtr.Zero);
        if (init != 0)
        {
            string why = init == 1 ? FlacStatusText.EncoderState(_api.EncoderGetState(_encoder)) : FlacStatusText.EncoderInitStatus(init);
            Release();
            throw new IOException($"{path}: cannot start FLAC encoding: {why}.");
        }
    }

    public string Path { get; }
    public FlacWriterOptions Options { get; }

    /// <summary>Frames (samples per channel) written so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Encodes interleaved samples, right-justified at <see cref="FlacWriterOptions.BitsPerSample"/>.</summary>
    public void Write(ReadOnlySpan<int> interleaved)
    {
        ObjectDisposedException.ThrowIf(_encoder == IntPtr.Zero || _finished, this);
        int ch = Options.Channels;
        if (interleaved.Length % ch != 0)
            throw new ArgumentException($"{interleaved.Length} samples is not a whole number of {ch}-channel frames.", nameof(interleaved));
        // libFLAC would silently write a broken stream (or trip verify) for out-of-range samples; say which one instead.
        if (!InRange(interleaved))
        {
            for (int i = 0; i < interleaved.Length; i++)
            {
                int s = interleaved[i];
                if (s < _min || s > _max)
                    throw new ArgumentOutOfRangeException(nameof(interleaved),
                        $"{Path}: sample {s} at frame {FramesWritten + i / ch} does not fit {Options.BitsPerSample}-bit.");
            }
        }
        if (interleaved.IsEmpty) return;
        int ok;
        fixed (int* p = interleaved) ok = _api.EncoderProcessInterleaved(_encoder, p, (uint)(interleaved.Length / ch));
        if (ok == 0) Fail("encoding failed");
        FramesWritten += interleaved.Length / ch;
    }

    /// <summary>Vectorised min/max scan: the check costs a small fraction of encoding time.</summary>
    private bool InRange(ReadOnlySpan<int> samples)
    {
        var vmin = new System.Numerics.Vector<int>(int.MaxValue);
        var vmax = new System.Numerics.Vector<int>(int.MinValue);
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<int, System.Numerics.Vector<int>>(samples);
        foreach (var v in vectors)
        {
            vmin = System.Numerics.Vector.Min(vmin, v);
            vmax = System.Numerics.Vector.Max(vmax, v);
        }
        int min = int.MaxValue, max = int.MinValue;
        for (int i = 0; i < System.Numerics.Vector<int>.Count; i++) { min = Math.Min(min, vmin[i]); max = Math.Max(max, vmax[i]); }
        for (int i = vectors.Length * System.Numerics.Vector<int>.Count; i < samples.Length; i++) { min = Math.Min(min, samples[i]); max = Math.Max(max, samples[i]); }
        return samples.IsEmpty || (min >= _min && max <= _max);
    }

    /// <summary>
    /// Flushes the last frame and rewrites STREAMINFO (total samples, MD5). Throws if libFLAC reports a failure, including
    /// a verify mismatch with the exact sample that differed.
    /// </summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_encoder == IntPtr.Zero, this);
        if (_finished) return;
        _finished = true;
        if (_api.EncoderFinish(_encoder) == 0)
        {
            int state = _api.EncoderGetState(_encoder);
            string detail = FlacStatusText.EncoderState(state);
            if (state == FlacStatusText.EncoderVerifyMismatch)
            {
                ulong abs; uint frame, channel, sample; int expected, got;
                _api.EncoderGetVerifyDecoderErrorStats(_encoder, &abs, &frame, &channel, &sample, &expected, &got);
                detail += $" at sample {abs} (frame {frame}, channel {channel}): expected {expected}, decoded {got}";
            }
            Release();
            throw new IOException($"{Path}: finishing the FLAC file failed: {detail}.");
        }
        Release();
    }

    /// <summary>Finishes the file if <see cref="Complete"/> was not called; errors are swallowed here (call Complete to see them).</summary>
    public void Dispose()
    {
        if (_encoder == IntPtr.Zero) return;
        if (!_finished)
        {
            _finished = true;
            _api.EncoderFinish(_encoder);
        }
        Release();
    }

    private void Fail(string what)
    {
        int code = _api.EncoderGetState(_encoder);
        string state = FlacStatusText.EncoderState(code);
        if (code == FlacStatusText.EncoderVerifyMismatch)
        {
            ulong abs; uint frame, channel, sample; int expected, got;
            _api.EncoderGetVerifyDecoderErrorStats(_encoder, &abs, &frame, &channel, &sample, &expected, &got);
            state += $" at sample {abs} (channel {channel}): expected {expected}, decoded {got}";
        }
        _finished = true;
        _api.EncoderFinish(_encoder);
        Release();
        throw new IOException($"{Path}: {what}: {state}.");
    }

    private void Release()
    {
        if (_encoder != IntPtr.Zero)
        {
            _api.EncoderDelete(_encoder);
            _encoder = IntPtr.Zero;
        }
    }
}
