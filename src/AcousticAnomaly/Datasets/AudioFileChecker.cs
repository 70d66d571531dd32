using System.Buffers.Binary;
using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Reads each clip once, streaming, and says whether it is fit for training: readable, complete, non-empty, not silent,
/// not clipped, finite, at the expected rate. A bad file is a result row, never an exception, so a folder check goes on.
/// </summary>
public sealed class AudioFileChecker
{
    private const int BlockFrames = 16384;
    private readonly AudioFileCheckOptions _options;

    public AudioFileChecker(AudioFileCheckOptions? options = null) => _options = options ?? new AudioFileCheckOptions();

    public AudioFileCheck Check(string path)
    {
        IAudioReader reader;
        try
        {
            reader = AudioFile.Open(path);
        }
        catch (AudioFileException e)
        {
            var problem = WavDeclaresMoreThanFile(path) ? AudioFileProblem.Truncated : AudioFileProblem.Unreadable;
            if (File.Exists(path) && new FileInfo(path).Length == 0) problem = AudioFileProblem.Empty;
            return AudioFileCheck.Unusable(path, problem, e.Message);
        }

        using (reader)
        {
            var format = reader.Format;
            var problems = AudioFileProblem.None;
            string detail = "";
            void Add(AudioFileProblem p, string d)
            {
                if (problems == AudioFileProblem.None) detail = d;
                problems |= p;
            }

            var block = new float[BlockFrames * format.Channels];
            long frames = 0, clipped = 0, nonFinite = 0;
            double peak = 0, sumSquares = 0;
            try
            {
                int n;
                while ((n = reader.Read(block)) > 0)
                {
                    frames += n;
                    foreach (float x in block.AsSpan(0, n * format.Channels))
                    {
                        if (!float.IsFinite(x)) { nonFinite++; continue; }
                        double a = Math.Abs(x);
                        if (a > peak) peak = a;
                        if (a >= _options.ClipLevel) clipped++;
                        sumSquares += (double)x * x;
                    }
                }
            }
            catch (AudioFileException e)
            {
                Add(AudioFileProblem.Truncated, e.Message);
            }
            if (frames < reader.TotalFrames && problems == AudioFileProblem.None)
                Add(AudioFileProblem.Truncated, $"{path}: header declares {reader.TotalFrames} frames, only {frames} could be read");

            long samples = frames * format.Channels;
            double peakDb = Decibels(peak);
            double rmsDb = samples - nonFinite > 0 ? Decibels(Math.Sqrt(sumSquares / (samples - nonFinite))) : double.NegativeInfinity;
            if (frames == 0) Add(AudioFileProblem.Empty, $"{path}: no samples");
            if (nonFinite > 0) Add(AudioFileProblem.NonFinite, $"{path}: {nonFinite} NaN or infinite samples");
            if (frames > 0 && peakDb < _options.SilenceThresholdDb)
                Add(AudioFileProblem.Silent, $"{path}: peak {peakDb:F1} dBFS is below {_options.SilenceThresholdDb} dBFS");
            if (samples > 0 && clipped > _options.ClippedFraction * samples)
                Add(AudioFileProblem.Clipped, $"{path}: {clipped} of {samples} samples at full scale");
            if (_options.ExpectedSampleRate is int rate && rate != format.SampleRate)
                Add(AudioFileProblem.WrongSampleRate, $"{path}: {format.SampleRate} Hz, expected {rate} Hz");

            return new AudioFileCheck(path, problems == AudioFileProblem.None,
                problems == AudioFileProblem.None ? "" : problems.ToString(), detail,
                (double)frames / format.SampleRate, AudioFileCheck.Describe(path, format),
                format.SampleRate, format.Channels, peakDb, rmsDb, clipped);
        }
    }

    internal static double Decibels(double amplitude) => amplitude > 0 ? 20 * Math.Log10(amplitude) : double.NegativeInfinity;

    /// <summary>
    /// A RIFF file whose declared size exceeds its length was cut short (the header is written first). Read from the
    /// structure, not from the reader's message, so the reason does not depend on wording.
    /// </summary>
    private static bool WavDeclaresMoreThanFile(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> head = stackalloc byte[8];
            if (fs.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8 || !head[..4].SequenceEqual("RIFF"u8)) return false;
            return BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) + 8L > fs.Length + 1;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
