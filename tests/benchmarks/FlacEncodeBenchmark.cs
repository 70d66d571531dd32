using System.Diagnostics;
using System.Globalization;
using AcousticAnomaly.Archive;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Our WAV -> FLAC path (FlacArchiver: WAV reader + libFLAC through P/Invoke + temp/rename) over a set of files.
/// flac_encode_bench.sh runs this and the flac CLI on the same files at the same level and prints the ratio.
/// </summary>
public sealed class FlacEncodeBenchmark : IBenchmark
{
    public string Name => "flac-encode";
    public string Usage => "[--level N] [--repeat R] --out DIR <wav files or folders...>: encode all, best of R runs; prints seconds and bytes";

    public int Run(string[] args)
    {
        int level = 5, repeat = 3;
        string? outDir = null;
        var inputs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--level": level = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out": outDir = args[++i]; break;
                default: inputs.Add(args[i]); break;
            }
        }
        if (outDir is null || inputs.Count == 0) { Console.Error.WriteLine(Usage); return 2; }
        var files = inputs.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.GetFiles(p, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : new[] { p }).ToList();

        // One output folder per source folder (d0, d1, ... in sorted order, as the script does for the CLI): data sets
        // reuse file names (normal/id_00... and abnormal/id_00...), which must not collide.
        var byDir = files.GroupBy(f => Path.GetDirectoryName(Path.GetFullPath(f))!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, k) => (Archiver: new FlacArchiver(new FlacArchiveOptions
            {
                OutputDirectory = Path.Combine(outDir, "d" + k), CompressionLevel = level, Force = true,
            }), Files: g.ToList())).ToList();
        // Warm-up: JIT and first libFLAC load are not what we compare.
        foreach (var _ in byDir[0].Archiver.Run(byDir[0].Files.Take(1))) { }

        double best = double.MaxValue, bestCpu = double.MaxValue;
        var process = System.Diagnostics.Process.GetCurrentProcess();
        long flacBytes = 0, wavBytes = 0, frames = 0;
        int errors = 0;
        for (int r = 0; r < repeat; r++)
        {
            flacBytes = wavBytes = frames = 0;
            errors = 0;
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            foreach (var item in byDir.SelectMany(d => d.Archiver.Run(d.Files)))
            {
                if (item.Error is not null) { errors++; Console.Error.WriteLine(item.Error.Message); continue; }
                flacBytes += item.Result!.Bytes;
                frames += (long)Math.Round(item.Result.Duration * item.Result.SampleRate);
            }
            sw.Stop();
            process.Refresh();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            // CPU time (user + system) is the fairer comparison on a loaded machine: waiting for a core is not counted.
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        wavBytes = files.Sum(f => new FileInfo(f).Length);

        // The WAV-reading share of our time: the same files read through AudioFile.Open, no encoding.
        double readBest = double.MaxValue;
        var buffer = new int[8192 * 8];
        for (int r = 0; r < repeat; r++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var f in files)
            {
                using var reader = AcousticAnomaly.Audio.AudioFile.Open(f);
                var span = buffer.AsSpan(0, 8192 * reader.Format.Channels);
                while (reader.ReadInt32(span) > 0) { }
            }
            readBest = Math.Min(readBest, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine(FormattableString.Invariant($"ours_wav_read_only_seconds={readBest:F4}"));

        // The libFLAC-through-P/Invoke share: samples already in memory, FlacWriter only (no WAV reading, no temp/rename).
        var loaded = files.Select(f =>
        {
            using var reader = AcousticAnomaly.Audio.AudioFile.Open(f);
            var all = new int[reader.TotalFrames * reader.Format.Channels];
            int got = 0, n;
            while ((n = reader.ReadInt32(all.AsSpan(got * reader.Format.Channels))) > 0) got += n;
            return (Format: reader.Format, Samples: all);
        }).ToList();
        double writeBest = double.MaxValue;
        string scratch = Path.Combine(outDir, "writer-only.flac");
        for (int r = 0; r < repeat; r++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var (format, samples) in loaded)
            {
                using var w = new AcousticAnomaly.Audio.Flac.FlacWriter(scratch, new AcousticAnomaly.Audio.Flac.FlacWriterOptions(
                    format.SampleRate, format.Channels, format.BitsPerSample, level, TotalSamplesEstimate: samples.Length / format.Channels));
                for (int i = 0; i < samples.Length; i += 8192 * format.Channels)
                    w.Write(samples.AsSpan(i, Math.Min(8192 * format.Channels, samples.Length - i)));
                w.Complete();
            }
            writeBest = Math.Min(writeBest, sw.Elapsed.TotalSeconds);
        }
        File.Delete(scratch);
        Console.WriteLine(FormattableString.Invariant($"ours_writer_only_seconds={writeBest:F4}"));
        Console.WriteLine(FormattableString.Invariant($"files={files.Count} errors={errors} level={level} repeat={repeat}"));
        Console.WriteLine(FormattableString.Invariant($"ours_seconds={best:F4}"));
        Console.WriteLine(FormattableString.Invariant($"ours_cpu_seconds={bestCpu:F4}"));
        Console.WriteLine(FormattableString.Invariant($"ours_flac_bytes={flacBytes} wav_bytes={wavBytes} ratio={(double)wavBytes / flacBytes:F4}"));
        return errors > 0 ? 1 : 0;
    }
}
