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
        _options.SplitOnSilence ? SoundRegions(audio) : FixedChunks(audio.Frames, audio.SampleRate);

    /// <summary>The chunk path for a source and a start frame.</summary>
    public string ChunkPath(string source, long startFrame, int sampleRate) =>
        System.IO.Path.Combine(_options.OutputDirectory ?? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(source))!,
            System.IO.Path.GetFileNameWithoutExtension(source) + "_" +
            ((double)startFrame / sampleRate).ToString("0.000", CultureInfo.InvariantCulture) + "s.wav");

    /// <summary>Splits one file; <paramref name="shouldWrite"/> (e.g. -WhatIf) may veto each chunk.</summary>
    public IEnumerable<AudioChunk> Split(string source, Func<string, bool>? shouldWrite = null, CancellationToken cancellationToken = default)
    {
        var (format, ints, floats) = Load(source);
        int ch = format.Channels;
        var view = new AudioBuffer(format, floats ?? ToFloat(ints!, format.BitsPerSample));
        foreach (var (start, frames) in Plan(view))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = ChunkPath(source, start, format.SampleRate);
            if (shouldWrite is not null && !shouldWrite(path)) continue;
            if (File.Exists(path) && !_options.Overwrite) throw new IOException($"{path}: already exists (use overwrite to replace it)");
            if (_options.OutputDirectory is not null) Directory.CreateDirectory(_options.OutputDirectory);
            var sampleFormat = TargetFormat(format, ints is not null);
            using (var writer = WavWriter.CreateAtomic(path, format.SampleRate, ch, sampleFormat))
            {
                if (ints is not null) writer.WriteInt32(ints.AsSpan((int)(start * ch), (int)(frames * ch)));
                else writer.Write(floats.AsSpan((int)(start * ch), (int)(frames * ch)));
                writer.Commit();
            }
            yield return new AudioChunk(path, source, Seconds(start, format.SampleRate), Seconds(frames, format.SampleRate), start, frames);
        }
    }

    private static double Seconds(long frames, int rate) => (double)frames / rate;

    internal static WavSampleFormat TargetFormat(AudioFormat format, bool integers) => !integers ? WavSampleFormat.Float32 : format.BitsPerSample switch
    {
        16 => WavSampleFormat.Pcm16,
        24 => WavSampleFormat.Pcm24,
        _ => WavSampleFormat.Pcm32,
    };

    /// <summary>Integer PCM of 16, 24 or 32 bits stays integer (lossless); anything else is read as float.</summary>
    internal static (AudioFormat Format, int[]? Ints, float[]? Floats) Load(string path)
    {
        using var reader = AudioFile.Open(path);
        var format = reader.Format;
        if (!format.IsIntegerPcm || format.BitsPerSample is not (16 or 24 or 32))
        {
            reader.Dispose();
            return (format, null, AudioFile.ReadAll(path).Samples);
        }
        if (reader.TotalFrames * format.Channels > Array.MaxLength)
            throw new AudioFileException(path, "too large to split in memory");
        var ints = new int[reader.TotalFrames * format.Channels];
        int done = 0, n;
        while (done < ints.Length && (n = reader.ReadInt32(ints.AsSpan(done))) > 0) done += n * format.Channels;
        if (done < ints.Length) throw new AudioFileException(path, $"ended after {done / format.Channels} of {reader.TotalFrames} frames (truncated file?)");
        return (format, ints, null);
    }

    private static float[] ToFloat(int[] ints, int bits)
    {
        float scale = 1f / (1L << (bits - 1));
        var f = new float[ints.Length];
        for (int i = 0; i < ints.Length; i++) f[i] = ints[i] * scale;
        return f;
    }

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

    /// <summary>Stretches of 100 ms windows at or above the threshold, bridging silences shorter than the hold.</summary>
    private List<(long, long)> SoundRegions(AudioBuffer audio)
    {
        int window = Math.Max(1, audio.SampleRate / 10);
        long holdWindows = (long)Math.Ceiling(_options.SilenceHold.TotalSeconds * 10);
        long minFrames = Frames(_options.MinSoundDuration, audio.SampleRate);
        var list = new List<(long, long)>();
        long soundStart = -1, lastLoudEnd = 0, quiet = 0;
        int ch = audio.Channels;
        for (long w = 0; w * window < audio.Frames; w++)
        {
            long s = w * window, e = Math.Min(audio.Frames, s + window);
            double sum = 0;
            foreach (float x in audio.Samples.AsSpan((int)(s * ch), (int)((e - s) * ch))) sum += (double)x * x;
            bool loud = AudioFileChecker.Decibels(Math.Sqrt(sum / ((e - s) * ch))) >= _options.SilenceThresholdDb;
            if (loud)
            {
                if (soundStart < 0) soundStart = s;
                lastLoudEnd = e;
                quiet = 0;
            }
            else if (soundStart >= 0 && ++quiet > holdWindows)
            {
                Close();
            }
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
