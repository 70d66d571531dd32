using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Features;

/// <summary>
/// The log-mel frames of a whole file, computed while it is read in 64k-frame blocks (issue 15 item 13): mixed to mono
/// by the model's channel rule, resampled to its rate as the samples arrive (<see cref="StreamingResampler"/> gives bit
/// for bit the offline resampler's output), and each frame computed once all its samples are in. Every frame equals
/// the one the whole-file path computes, and memory is one block plus one FFT window, whatever the file's length.
/// </summary>
internal static class StreamedLogMel
{
    /// <summary>Receives one log-mel frame (MelBands values, valid only during the call).</summary>
    internal delegate void FrameHandler(ReadOnlySpan<float> frame);

    /// <summary>Receives the next mono samples at the model's rate (the signal the frames are cut from; valid only during the call).</summary>
    internal delegate void SampleHandler(ReadOnlySpan<float> samples);

    private const int BlockFrames = 1 << 16;

    /// <summary>
    /// Reads <paramref name="reader"/> to its end, handing frames 0, 1, ... to <paramref name="onFrame"/> in order; past
    /// <paramref name="maxFrames"/> frames are no longer computed (the file is still read: its length and samples are
    /// checked). Returns the file's frames at its own rate, the log-mel frames of the whole signal and the largest
    /// absolute sample (training's silence check).
    /// </summary>
    /// <exception cref="AudioFileException">The file holds NaN or infinite samples.</exception>
    public static (long SourceFrames, int LogMelFrames, float Peak) Run(string path, IAudioReader reader, FeatureExtractor extractor,
        FrameHandler onFrame, int maxFrames = int.MaxValue, CancellationToken cancellationToken = default, SampleHandler? onSamples = null)
    {
        var settings = extractor.Settings;
        int hop = settings.HopLength, bands = settings.MelBands, fft = settings.FftSize;
        long pad = settings.Center ? fft / 2 : 0;
        var format = reader.Format;
        int channels = format.Channels;
        var resampler = format.SampleRate == settings.SampleRate ? null : new StreamingResampler(format.SampleRate, settings.SampleRate);
        var scratch = extractor.CreateFrameScratch();
        var frame = new float[bands];
        var interleaved = new float[BlockFrames * channels];
        var mono = new float[BlockFrames];
        var resampled = resampler is null ? mono : new float[resampler.MaxOutput(BlockFrames)];

        // Mono samples [bufStart, bufStart + bufLength) of the signal at the model's rate.
        var buffer = new float[BlockFrames + fft];
        long bufStart = 0, signal = 0, sourceFrames = 0;
        int bufLength = 0, next = 0;
        float peak = 0;

        void Append(ReadOnlySpan<float> samples)
        {
            // Drop samples no later frame needs, then append.
            long keepFrom = Math.Max(bufStart, Math.Min(bufStart + bufLength, (long)next * hop - pad));
            int drop = (int)(keepFrom - bufStart);
            buffer.AsSpan(drop, bufLength - drop).CopyTo(buffer);
            bufLength -= drop;
            bufStart = keepFrom;
            if (buffer.Length < bufLength + samples.Length) Array.Resize(ref buffer, bufLength + samples.Length);
            samples.CopyTo(buffer.AsSpan(bufLength));
            onSamples?.Invoke(samples);
            bufLength += samples.Length;
            signal += samples.Length;
        }

        void Emit(int t)
        {
            if (t >= maxFrames) return;
            extractor.LogMelFrame(buffer.AsSpan(0, bufLength), bufStart, t, frame, scratch);
            onFrame(frame);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read = 0;
            while (read < BlockFrames)
            {
                int n = reader.Read(interleaved.AsSpan(read * channels, (BlockFrames - read) * channels));
                if (n == 0) break;
                read += n;
            }
            if (read == 0) break;
            NonFiniteSamples.ThrowIfAny(path, interleaved.AsSpan(0, read * channels), format, sourceFrames);
            foreach (var x in interleaved.AsSpan(0, read * channels)) peak = Math.Max(peak, Math.Abs(x));
            extractor.MixToMono(interleaved.AsSpan(0, read * channels), channels, mono.AsSpan(0, read));
            sourceFrames += read;
            Append(resampler is null ? mono.AsSpan(0, read) : resampled.AsSpan(0, resampler.Process(mono.AsSpan(0, read), resampled)));
            // Every frame whose samples have all arrived.
            while ((long)next * hop - pad + fft <= bufStart + bufLength) Emit(next++);
        }
        if (resampler is not null) Append(resampled.AsSpan(0, resampler.Flush(resampled)));

        // End of the signal: the remaining frames reach into the padding.
        int frames = extractor.FrameCount(signal);
        while (next < frames) Emit(next++);
        return (sourceFrames, frames, peak);
    }
}
