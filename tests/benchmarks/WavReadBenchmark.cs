using System.Diagnostics;
using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Streams every WAV under a folder through AudioFile.Open + Read(float) in 4096-frame blocks.
/// `--list` prints "frames&lt;TAB&gt;sum of |sample|&lt;TAB&gt;path" per file (wav_read.sh compares them with soxi and
/// soundfile); otherwise prints the best of N
/// passes as MB/s and million samples/s.
/// </summary>
public sealed class WavReadBenchmark : IBenchmark
{
    public string Name => "wav-read";
    public string Usage => "<folder> [--list] [--repeat N]: stream every *.wav under folder to float (WavReader)";

    public int Run(string[] args)
    {
        if (args.Length == 0) { Console.Error.WriteLine(Usage); return 2; }
        var files = Directory.GetFiles(args[0], "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        bool list = args.Contains("--list");
        int repeat = args.SkipWhile(a => a != "--repeat").Skip(1).Select(int.Parse).FirstOrDefault(5);

        if (list)
        {
            int failures = 0;
            foreach (var f in files)
            {
                try
                {
                    var (frames, _, sumAbs) = ReadFile(f);
                    Console.WriteLine(FormattableString.Invariant($"{frames}\t{sumAbs:R}\t{f}"));
                }
                catch (AudioFileException e) { failures++; Console.WriteLine($"ERROR\t\t{e.Message}"); }
            }
            return failures == 0 ? 0 : 1;
        }

        long bytes = files.Sum(f => new FileInfo(f).Length);
        long samples = 0;
        double best = double.MaxValue;
        for (int i = 0; i < repeat; i++)
        {
            var sw = Stopwatch.StartNew();
            samples = 0;
            foreach (var f in files) samples += ReadFile(f, sum: false).samples;
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"wav-read C#: {files.Length} files, {bytes / 1e6:F1} MB, best of {repeat}: {best * 1000:F1} ms " +
                          $"= {bytes / 1e6 / best:F0} MB/s, {samples / 1e6 / best:F0} Msamples/s");
        Console.WriteLine($"SECONDS {best:F6}");
        return 0;
    }

    private static (long frames, long samples, double sumAbs) ReadFile(string path, bool sum = true)
    {
        using var r = AudioFile.Open(path);
        var block = new float[4096 * r.Format.Channels];
        long frames = 0;
        double sumAbs = 0;
        int n;
        while ((n = r.Read(block)) > 0)
        {
            frames += n;
            if (sum)
                foreach (var v in block.AsSpan(0, n * r.Format.Channels)) sumAbs += Math.Abs(v);
        }
        return (frames, frames * r.Format.Channels, sumAbs);
    }
}
