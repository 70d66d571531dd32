using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Audio.Flac;

/// <summary>
/// A streaming FLAC reader over libFLAC's decoder: frames are decoded one at a time as Read asks for them, so memory
/// stays at one FLAC block whatever the file size. Every decoder complaint (lost sync, bad header, CRC mismatch),
/// a stream that ends before STREAMINFO's sample count, or an MD5 mismatch becomes an <see cref="AudioFileException"/>.
/// </summary>
public sealed unsafe class FlacReader : IAudioReader
{
    private readonly FlacNative.Api _api;
    private IntPtr _decoder;
    private GCHandle _self;

    // Decoded but not yet returned samples, interleaved. The write callback appends one block; Read drains it.
    private int[] _pending = new int[8192];
    private int _pendingStart, _pendingEnd;
    private long _decodedFrames;

    private FlacStreamInfo? _info;
    private string? _error;        // set by callbacks (which must not throw across the native boundary)
    private long _errorAtFrame;
    private bool _endOfStream;
    private AudioFileException? _failure; // an end-of-stream verdict, repeated by later reads
    private bool _disposed;

    private FlacReader(string path)
    {
        Path = path;
        _api = FlacNative.Functions;
    }

    /// <summary>Opens a FLAC file and reads its metadata. Throws <see cref="AudioFileException"/> if it is not valid FLAC.</summary>
    public static FlacReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new AudioFileException(path, "file not found.");
        if (!IO.SeekableFile.CanSeek(path)) throw new AudioFileException(path, IO.SeekableFile.Problem + ".");
        if (new FileInfo(path).Length == 0) throw new AudioFileException(path, "empty file (0 bytes), not FLAC.");
        var reader = new FlacReader(path);
        try
        {
            reader.Start();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public string Path { get; }
    public AudioFormat Format { get; private set; } = new(1, 1, 16);
    public long TotalFrames => StreamInfo.TotalSamples;
    public long Position { get; private set; }

    /// <summary>The file's STREAMINFO block.</summary>
    public FlacStreamInfo StreamInfo => _info ?? throw new InvalidOperationException("not opened");

    private void Start()
    {
        _decoder = _api.DecoderNew();
        if (_decoder == IntPtr.Zero) throw new OutOfMemoryException("libFLAC could not allocate a decoder.");
        // MD5 checking costs little and turns silent corruption that survives the frame CRCs into an error at the end.
        _api.DecoderSetMd5Checking(_decoder, 1);
        _self = GCHandle.Alloc(this);
        var utf8 = FlacNative.Utf8Path(Path);
        int init;
        fixed (byte* p = utf8)
        {
            init = _api.DecoderInitFile(_decoder, p,
                (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int**, IntPtr, int>)&OnWrite,
                (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, void>)&OnMetadata,
                (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, void>)&OnError,
                GCHandle.ToIntPtr(_self));
        }
        if (init != 0) throw new AudioFileException(Path, $"cannot open as FLAC: {FlacStatusText.DecoderInitStatus(init)}.");

        bool ok = _api.DecoderProcessUntilEndOfMetadata(_decoder) != 0;
        ThrowIfError();
        if (_info is null)
        {
            string state = FlacStatusText.DecoderState(_api.DecoderGetState(_decoder));
            throw new AudioFileException(Path, ok
                ? $"no FLAC STREAMINFO block (not a FLAC file, or its header is damaged; decoder: {state})."
                : $"cannot read FLAC metadata (decoder: {state}).");
        }
        if (!ok) throw new AudioFileException(Path, $"cannot read FLAC metadata (decoder: {FlacStatusText.DecoderState(_api.DecoderGetState(_decoder))}).");
        if (AudioFormat.RateProblem(_info.SampleRate) is { } badRate) throw new AudioFileException(Path, "STREAMINFO " + badRate + ".");
        Format = new AudioFormat(_info.SampleRate, _info.Channels, _info.BitsPerSample, SampleEncoding.Pcm);
    }

    public int Read(Span<float> destination)
    {
        int channels = Format.Channels;
        int frames = destination.Length / channels;
        float scale = 1f / (1L << (Format.BitsPerSample - 1));
        int done = 0;
        while (done < frames && Fill())
        {
            int n = Math.Min(frames - done, (_pendingEnd - _pendingStart) / channels) * channels;
            var src = _pending.AsSpan(_pendingStart, n);
            var dst = destination.Slice(done * channels, n);
            for (int i = 0; i < n; i++) dst[i] = src[i] * scale;
            _pendingStart += n;
            done += n / channels;
        }
        Position += done;
        return done;
    }

    public int ReadInt32(Span<int> destination)
    {
        int channels = Format.Channels;
        int frames = destination.Length / channels;
        int done = 0;
        while (done < frames && Fill())
        {
            int n = Math.Min(frames - done, (_pendingEnd - _pendingStart) / channels) * channels;
            _pending.AsSpan(_pendingStart, n).CopyTo(destination.Slice(done * channels, n));
            _pendingStart += n;
            done += n / channels;
        }
        Position += done;
        return done;
    }

    /// <summary>Decodes frames until samples are pending; false at a clean end of stream. Throws on any corruption.</summary>
    private bool Fill()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfError();
        if (_failure is not null) throw _failure;
        while (_pendingStart == _pendingEnd)
        {
            if (_endOfStream) return false;
            _pendingStart = _pendingEnd = 0;
            bool ok = _api.DecoderProcessSingle(_decoder) != 0;
            ThrowIfError();
            int state = _api.DecoderGetState(_decoder);
            if (!ok && state != 4)
                throw new AudioFileException(Path, $"corrupt FLAC frame at sample {_decodedFrames}: decoder stopped ({FlacStatusText.DecoderState(state)}).");
            if (state == 4 && _pendingStart == _pendingEnd) FinishStream();
        }
        return true;
    }

    /// <summary>End of stream: the sample count must match STREAMINFO and the MD5 must agree, or the file is damaged.</summary>
    private void FinishStream()
    {
        _endOfStream = true;
        long expected = StreamInfo.TotalSamples;
        if (expected > 0 && _decodedFrames != expected)
            throw _failure = new AudioFileException(Path, _decodedFrames < expected
                ? $"corrupt FLAC frame at sample {_decodedFrames}: stream ends early (truncated?), STREAMINFO declares {expected} samples."
                : $"corrupt FLAC stream: {_decodedFrames} samples decoded but STREAMINFO declares {expected}.");
        // finish() returns false when the MD5 of what was decoded differs from STREAMINFO's.
        bool md5Ok = _api.DecoderFinish(_decoder) != 0;
        if (!md5Ok && _info!.Md5 != new string('0', 32))
            throw _failure = new AudioFileException(Path, $"decoded audio does not match the MD5 in STREAMINFO ({_info.Md5}): the file is corrupt.");
    }

    private void ThrowIfError()
    {
        // Stays set: every later Read throws again rather than pretending the stream ended cleanly.
        if (_error is not null) throw new AudioFileException(Path, $"corrupt FLAC frame at sample {_errorAtFrame}: {_error}.");
    }

    private static FlacReader Self(IntPtr client) => (FlacReader)GCHandle.FromIntPtr(client).Target!;

    // FLAC__StreamDecoderWriteStatus write(const FLAC__StreamDecoder*, const FLAC__Frame*, const FLAC__int32* const buffer[], void*)
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int OnWrite(IntPtr decoder, IntPtr frame, int** buffer, IntPtr client)
    {
        var self = Self(client);
        try
        {
            // FLAC__FrameHeader starts with: unsigned blocksize, sample_rate, channels, channel_assignment, bits_per_sample.
            int blocksize = *(int*)frame;
            int rate = *((int*)frame + 1);
            int channels = *((int*)frame + 2);
            if (self._info is null || channels != self._info.Channels)
            {
                self._error ??= "frame channel count differs from STREAMINFO";
                self._errorAtFrame = self._decodedFrames;
                return 1; // FLAC__STREAM_DECODER_WRITE_STATUS_ABORT
            }
            if (rate != self._info.SampleRate)
            {
                // Durations, segment times and resampling all follow STREAMINFO's rate: audio at another rate would be
                // mis-timed (and mis-scored) without a word.
                self._error ??= $"frame sample rate {rate} Hz differs from STREAMINFO's {self._info.SampleRate} Hz";
                self._errorAtFrame = self._decodedFrames;
                return 1; // FLAC__STREAM_DECODER_WRITE_STATUS_ABORT
            }
            int needed = self._pendingEnd + blocksize * channels;
            if (needed > self._pending.Length) Array.Resize(ref self._pending, Math.Max(needed, self._pending.Length * 2));
            fixed (int* dst0 = self._pending)
            {
                int* dst = dst0 + self._pendingEnd;
                for (int c = 0; c < channels; c++)
                {
                    int* src = buffer[c];
                    for (int i = 0; i < blocksize; i++) dst[i * channels + c] = src[i];
                }
            }
            self._pendingEnd += blocksize * channels;
            self._decodedFrames += blocksize;
            return 0; // CONTINUE
        }
        catch (Exception ex)
        {
            // An exception may not cross into native code; record it and abort the decoder instead.
            self._error ??= ex.Message;
            self._errorAtFrame = self._decodedFrames;
            return 1;
        }
    }

    // void metadata(const FLAC__StreamDecoder*, const FLAC__StreamMetadata*, void*)
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnMetadata(IntPtr decoder, IntPtr metadata, IntPtr client)
    {
        var self = Self(client);
        // FLAC__StreamMetadata: int type; int is_last; uint length; then the union at offset 16 (8-aligned).
        if (*(int*)metadata != 0) return; // 0 = STREAMINFO
        byte* si = (byte*)metadata + 16;
        // FLAC__StreamMetadata_StreamInfo: 4 uints of block/frame sizes, sample_rate@16, channels@20, bits@24, uint64 total@32, md5[16]@40.
        int rate = *(int*)(si + 16);
        int channels = *(int*)(si + 20);
        int bits = *(int*)(si + 24);
        long total = (long)*(ulong*)(si + 32);
        string md5 = Convert.ToHexString(new ReadOnlySpan<byte>(si + 40, 16)).ToLowerInvariant();
        self._info = new FlacStreamInfo(rate, channels, bits, total, md5);
    }

    // void error(const FLAC__StreamDecoder*, FLAC__StreamDecoderErrorStatus, void*)
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnError(IntPtr decoder, int status, IntPtr client)
    {
        var self = Self(client);
        if (self._error is null)
        {
            self._error = FlacStatusText.DecoderError(status);
            self._errorAtFrame = self._decodedFrames;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_decoder != IntPtr.Zero)
        {
            // finish() closes the file; its MD5 verdict is irrelevant when the caller stops early.
            _api.DecoderFinish(_decoder);
            _api.DecoderDelete(_decoder);
            _decoder = IntPtr.Zero;
        }
        if (_self.IsAllocated) _self.Free();
    }
}
