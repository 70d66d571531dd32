using System.Runtime.InteropServices;

namespace AcousticAnomaly.Capture;

/// <summary>An open, started PortAudio blocking input stream. Open and close run under the PortAudio gate.</summary>
internal sealed unsafe class StreamHandle : IDisposable
{
    private readonly AudioDeviceInfo _device;
    private IntPtr _stream;

    private StreamHandle(AudioDeviceInfo device, IntPtr stream)
    {
        _device = device;
        _stream = stream;
    }

    /// <summary>Result of one read attempt: not ready yet (with the frames already buffered), a block, or a device error.</summary>
    internal readonly record struct ReadResult(bool Ready, bool Overflowed, AudioDeviceException? Error, long Available = 0);

    public static StreamHandle Open(AudioDeviceInfo device, CaptureOptions options)
    {
        var lib = PortAudioLibrary.Instance;
        var input = AudioDeviceCatalog.StreamParameters(device, options.Channels, options.SampleFormat);
        lock (PortAudioRuntime.Gate)
        {
            IntPtr stream;
            // NULL callback = blocking stream; the reader thread pulls with Pa_ReadStream. paClipOff (1): we never
            // write, clipping has no meaning for input.
            int err = lib.OpenStream(&stream, &input, null, options.SampleRate, new CULong((uint)options.FramesPerBlock),
                new CULong(1), IntPtr.Zero, IntPtr.Zero);
            if (err != PaErrorCode.NoError)
            {
                throw OpenError(device, options, err, lib.DescribeError(err));
            }
            err = lib.StartStream(stream);
            if (err != PaErrorCode.NoError)
            {
                string text = lib.DescribeError(err);
                lib.CloseStream(stream);
                throw OpenError(device, options, err, text);
            }
            return new StreamHandle(device, stream);
        }
    }

    /// <summary>
    /// Reads one block into <paramref name="into"/>'s samples if a whole block is already buffered, so the caller never
    /// sits inside native code waiting for a device that may have stopped (and can notice cancellation between polls).
    /// </summary>
    public ReadResult TryRead(int frames, AudioBlock into)
    {
        var lib = PortAudioLibrary.Instance;
        long available = lib.GetStreamReadAvailable(_stream).Value;
        if (available < 0) return new ReadResult(false, false, Lost((int)available));
        if (available < frames) return new ReadResult(false, false, null, available);

        int err;
        if (into.Int16Samples is { } ints)
        {
            fixed (short* p = ints) err = lib.ReadStream(_stream, p, new CULong((uint)frames));
        }
        else
        {
            fixed (float* p = into.FloatSamples) err = lib.ReadStream(_stream, p, new CULong((uint)frames));
        }
        if (err == PaErrorCode.NoError) return new ReadResult(true, false, null);
        // paInputOverflowed: input was lost before this read, but the buffer holds valid audio.
        if (err == PaErrorCode.InputOverflowed) return new ReadResult(true, true, null);
        return new ReadResult(false, false, Lost(err));
    }

    private AudioDeviceException Lost(int err) => new(AudioDeviceProblem.Lost, _device.Name,
        $"Device '{_device.Name}' stopped delivering audio: {PortAudioLibrary.Instance.DescribeError(err)}.", err);

    private static AudioDeviceException OpenError(AudioDeviceInfo device, CaptureOptions options, int err, string text) => err switch
    {
        PaErrorCode.InvalidSampleRate or PaErrorCode.InvalidChannelCount or PaErrorCode.SampleFormatNotSupported =>
            new AudioDeviceException(AudioDeviceProblem.UnsupportedFormat, device.Name,
                $"Device '{device.Name}' refused {options.SampleRate} Hz, {options.Channels} channel(s), {options.SampleFormat}: {text}.", err),
        PaErrorCode.InvalidDevice =>
            new AudioDeviceException(AudioDeviceProblem.NotFound, device.Name,
                $"Device '{device.Name}' (index {device.Index}) is gone: {text}.", err),
        _ => new AudioDeviceException(AudioDeviceProblem.Unavailable, device.Name,
                $"Device '{device.Name}' is busy or unavailable: {text}.", err),
    };

    public void Dispose()
    {
        if (_stream == IntPtr.Zero) return;
        var lib = PortAudioLibrary.Instance;
        lock (PortAudioRuntime.Gate)
        {
            // Abort rather than stop: stopping waits for pending buffers, which a failed device never delivers.
            lib.AbortStream(_stream);
            lib.CloseStream(_stream);
        }
        _stream = IntPtr.Zero;
    }
}
