using System.Globalization;
using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Cuts long recordings into chunks named <c>&lt;source&gt;_&lt;offset seconds&gt;s.wav</c>. Integer PCM is copied as
/// integers at the source bit depth, so chunks without overlap or gap concatenate to the source sample for sample.
/// Each chunk is written under a temporary name and renamed when complete: nothing half-written is left behind.
/// </summary>
public sealed class AudioSplitter
{
    private readonly AudioSplitOptions _options;

    public AudioSplitter(AudioSplitOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>The (start frame, frame count) of each chunk, before anything is written.</summary>
    public IReadOnlyList<(long Start, long Frames)> Plan(AudioBuffer audio) =>
        _options.SplitOnSilence ? SoundRegions(Windows(audio), audio.SampleRate) : FixedChunks(audio.Frames, audio.SampleRate);

    /// <summary>The chunk path for a source and a start frame.</summary>
    public string ChunkPath(string source, long startFrame, int sampleRate) =>
        System.IO.Path.Combine(_options.OutputDirectory ?? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(source))!,
            System.IO.Path.GetFileNameWithoutExtension(source) + "_" +
            ((double)startFrame / sampleRate).ToString("0.000", CultureInfo.InvariantCulture) + "s.wav");

    /// <summary>
    /// Splits one file; <paramref name="shouldWrite"/> (e.g. -WhatIf) may veto each chunk. The file is streamed (issue 15
    /// item 13): chunks are copied block by block from one sequential read, holding only what overlapping chunks share;
    /// a silence split first measures the 100 ms windows in a streamed pass. Memory is flat in the file's length.
    /// </summary>
    public IEnumerable<AudioChunk> Split(string source, Func<string, bool>? shouldWrite = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<(long Start, long Frames)> plan;
        using (var scan = AudioFile.Open(source))
        {
            plan = _options.SplitOnSilence
                ? SoundRegions(Windows(Blocks(scan), scan.Format.SampleRate), scan.Format.SampleRate)
                : FixedChunks(scan.TotalFrames, scan.Format.SampleRate);
        }
        using var reader = AudioFile.Open(source);
        var format = reader.Format;
        bool integers = Lossless(format);
        var window = integers
            ? (ChunkWindow)new ChunkWindow<int>(source, reader, reader.ReadInt32)
            : new ChunkWindow<float>(source, reader, reader.Read);
        var sampleFormat = TargetFormat(format, integers);
        for (int i = 0; i < plan.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (start, frames) = plan[i];
            var path = ChunkPath(source, start, format.SampleRate);
            if (shouldWrite is not null && !shouldWrite(path)) continue;
            if (File.Exists(path) && !_options.Overwrite) throw new IOException($"{path}: already exists (use overwrite to replace it)");
            if (_options.OutputDirectory is not null) Directory.CreateDirectory(_options.OutputDirectory);
            using (var writer = WavWriter.CreateAtomic(path, format.SampleRate, format.Channels, sampleFormat))
            {
                window.Copy(start, frames, i + 1 < plan.Count ? plan[i + 1].Start : long.MaxValue, writer);
                writer.Commit();
            }
            yield return new AudioChunk(path, source, Seconds(start, format.SampleRate), Seconds(frames, format.SampleRate), start, frames);
        }
    }

    /// <summary>Integer PCM of 16, 24 or 32 bits stays integer (lossless); anything else is copied as float.</summary>
    private static bool Lossless(AudioFormat format) => format.IsIntegerPcm && format.BitsPerSample is 16 or 24 or 32;

    /// <summary>The file's samples in blocks, as the splitter's float view of them (integers scaled by 2^(1 - bits)).</summary>
    private static IEnumerable<(float[] Samples, int Length, int Channels)> Blocks(IAudioReader reader)
    {
        int ch = reader.Format.Channels;
        var floats = new float[BlockFrames * ch];
        var ints = Lossless(reader.Format) ? new int[floats.Length] : null;
        float scale = 1f / (1L << (reader.Format.BitsPerSample - 1));
        while (true)
        {
            int n = ints is null ? reader.Read(floats) : reader.ReadInt32(ints);
            if (n == 0) yield break;
            if (ints is not null) for (int i = 0; i < n * ch; i++) floats[i] = ints[i] * scale;
            yield return (floats, n * ch, ch);
        }
    }

    private const int BlockFrames = 1 << 16;

    private static double Seconds(long frames, int rate) => (double)frames / rate;

    internal static WavSampleFormat TargetFormat(AudioFormat format, bool integers) => !integers ? WavSampleFormat.Float32 : format.BitsPerSample switch
    {
        16 => WavSampleFormat.Pcm16,
        24 => WavSampleFormat.Pcm24,
        _ => WavSampleFormat.Pcm32,
    };

    private List<(long, long)> FixedChunks(long total, int rate)
    {
        long size = Frames(_options.ChunkDuration!.Value, rate);
        long hop = _options.Hop is { } h ? Frames(h, rate) : size;
        var list = new List<(long, long)>();
        for (long start = 0; start < total; start += hop)
        {
            long n = Math.Min(size, total - start);
            if (n < size && !_options.KeepPartial) break;
            list.Add((start, n));
            if (start + n >= total) break;
        }
        return list;
    }

    private static long Frames(TimeSpan t, int rate) => Math.Max(1, (long)Math.Round(t.TotalSeconds * rate));

    /// <summary>Sum of squares and sample count of each 100 ms window of <paramref name="audio"/>, read whole.</summary>
    private static IEnumerable<(double Sum, long Count, long Frames)> Windows(AudioBuffer audio) => Windows([(audio.Samples, audio.Samples.Length, audio.Channels)], audio.SampleRate);

    /// <summary>As above over blocks of interleaved samples (summed in the same order, so the same values).</summary>
    private static IEnumerable<(double Sum, long Count, long Frames)> Windows(IEnumerable<(float[] Samples, int Length, int Channels)> blocks, int rate)
    {
        double sum = 0;
        long count = 0, size = -1;
        int channels = 1;
        foreach (var (samples, length, ch) in blocks)
        {
            (size, channels) = ((long)Math.Max(1, rate / 10) * ch, ch);
            for (int i = 0; i < length; i++)
            {
                sum += (double)samples[i] * samples[i];
                if (++count < size) continue;
                yield return (sum, count, count / ch);
                (sum, count) = (0, 0);
            }
        }
        if (count > 0) yield return (sum, count, count / channels);
    }

    /// <summary>Stretches of 100 ms windows at or above the threshold, bridging silences shorter than the hold.</summary>
    private List<(long, long)> SoundRegions(IEnumerable<(double Sum, long Count, long Frames)> windows, int rate)
    {
        int window = Math.Max(1, rate / 10);
        long holdWindows = (long)Math.Ceiling(_options.SilenceHold.TotalSeconds * 10);
        long minFrames = Frames(_options.MinSoundDuration, rate);
        var list = new List<(long, long)>();
        long soundStart = -1, lastLoudEnd = 0, quiet = 0, s = 0;
        foreach (var (sum, count, frames) in windows)
        {
            long e = s + window;
            bool loud = AudioFileChecker.Decibels(Math.Sqrt(sum / count)) >= _options.SilenceThresholdDb;
            if (loud)
            {
                if (soundStart < 0) soundStart = s;
                lastLoudEnd = s + frames; // a last, partial window ends with the file
                quiet = 0;
            }
            else if (soundStart >= 0 && ++quiet > holdWindows)
            {
                Close();
            }
            s = e;
        }
        if (soundStart >= 0) Close();
        return list;

        void Close()
        {
            if (lastLoudEnd - soundStart >= minFrames) list.Add((soundStart, lastLoudEnd - soundStart));
            soundStart = -1;
            quiet = 0;
        }
    }
}
