using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Copies chunks (in increasing start order) from one sequential read of a file into WAV writers, block by block: only
/// the frames the next chunk shares with this one (an overlapping hop) are held, frames between chunks are skipped
/// (issue 15 item 13). Integers for lossless PCM, floats otherwise.
/// </summary>
internal abstract class ChunkWindow
{
    /// <summary>Writes frames [start, start + frames) to <paramref name="writer"/>, keeping those from <paramref name="keepFrom"/> on.</summary>
    /// <exception cref="AudioFileException">The file ends before the chunk does (truncated).</exception>
    public abstract void Copy(long start, long frames, long keepFrom, WavWriter writer);
}

internal sealed class ChunkWindow<T>(string path, IAudioReader reader, ChunkWindow<T>.ReadBlock read) : ChunkWindow
    where T : struct
{
    /// <summary>Reads up to destination.Length / channels frames; 0 at the end.</summary>
    public delegate int ReadBlock(Span<T> destination);

    private const int BlockFrames = 1 << 16;
    private readonly int _channels = reader.Format.Channels;
    private T[] _held = [];
    private T[]? _block;
    // Held frames are [_heldStart, _heldStart + _heldFrames); when any are held they end where the read is (_position).
    private long _heldStart, _position;
    private int _heldFrames;

    public override void Copy(long start, long frames, long keepFrom, WavWriter writer)
    {
        int ch = _channels;
        _block ??= new T[BlockFrames * ch];
        DropBefore(start);
        while (_position < start) // a gap between chunks: read past it
        {
            if (Next((int)Math.Min(BlockFrames, start - _position)) == 0) throw Truncated(start);
        }
        int fromHeld = (int)Math.Min(frames, _heldFrames);
        Write(writer, _held.AsSpan(0, fromHeld * ch));
        DropBefore(keepFrom);
        for (long written = fromHeld; written < frames;)
        {
            long blockStart = _position;
            int got = Next((int)Math.Min(BlockFrames, frames - written));
            if (got == 0) throw Truncated(start + frames);
            Write(writer, _block.AsSpan(0, got * ch));
            written += got;
            long from = Math.Max(blockStart, keepFrom);
            if (from >= _position) continue;
            if (_heldFrames == 0) _heldStart = from;
            int add = (int)(_position - from);
            if (_held.Length < (_heldFrames + add) * ch) Array.Resize(ref _held, Math.Max((_heldFrames + add) * ch, 2 * _held.Length));
            _block.AsSpan((int)(from - blockStart) * ch, add * ch).CopyTo(_held.AsSpan(_heldFrames * ch));
            _heldFrames += add;
        }
    }

    /// <summary>Reads up to <paramref name="want"/> frames into the block (topping up short reads).</summary>
    private int Next(int want)
    {
        int n = 0;
        for (int got; n < want && (got = read(_block.AsSpan(n * _channels, (want - n) * _channels))) > 0;) n += got;
        _position += n;
        return n;
    }

    /// <summary>Forgets held frames before <paramref name="frame"/>.</summary>
    private void DropBefore(long frame)
    {
        int drop = (int)Math.Clamp(frame - _heldStart, 0, _heldFrames);
        if (drop == 0) return;
        _held.AsSpan(drop * _channels, (_heldFrames - drop) * _channels).CopyTo(_held);
        _heldStart += drop;
        _heldFrames -= drop;
    }

    private static void Write(WavWriter writer, ReadOnlySpan<T> samples)
    {
        if (typeof(T) == typeof(int)) writer.WriteInt32(System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(samples));
        else writer.Write(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(samples));
    }

    private AudioFileException Truncated(long frame) =>
        new(path, $"ended after {_position} of {reader.TotalFrames} frames before frame {frame} (truncated file?)");
}
