using System.Diagnostics;
using System.Runtime.InteropServices;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Capture and recording throughput from ALSA file-backed virtual microphones (not paced, so this measures how fast
/// the pipeline can go, i.e. its headroom over real time), against `arecord` writing the same device to WAV. Also
/// checks that our recording and arecord's hold the same samples.
/// </summary>
public sealed class CaptureBenchmark : IBenchmark
{
    public string Name => "capture";
    public string Usage => "[seconds=600] [repeats=3]: PortAudio capture + Recorder to WAV vs arecord, from virtual mics";

    public int Run(string[] args)
    {
        int seconds = args.Length > 0 ? int.Parse(args[0]) : 600;
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
        long frames = seconds * 16000L;
        var dir = Directory.CreateTempSubdirectory("aa-capture-bench-").FullName;
        try
        {
            var clip = File.ReadAllBytes(FindFixture());
            string conf = "";
            foreach (var mic in new[] { "bench_a", "bench_b" })
            {
                // Long enough that nothing reads past the end (the file plugin repeats stale data there).
                var raw = Path.Combine(dir, mic + ".raw");
                using (var f = File.Create(raw))
                {
                    for (long written = 0; written < (frames + 16000 * 20) * 2; written += clip.Length) f.Write(clip);
                }
                conf += $"pcm.{mic} {{ type plug; slave {{ pcm {{ type file; slave.pcm {{ type null }}; file \"/dev/null\"; infile \"{raw}\"; format \"raw\" }}; format S16_LE; rate 16000; channels 1 }} }}\n";
            }
            conf += "pcm.!default bench_a\n";
            var confPath = Path.Combine(dir, "asound.conf");
            File.WriteAllText(confPath, conf);
            if (setenv("ALSA_CONFIG_PATH", confPath, 1) != 0) throw new InvalidOperationException("setenv failed");

            Console.WriteLine($"capture benchmark: {seconds} s of 16 kHz mono S16 per device, best of {repeats}, virtual mics (ALSA file plugin, unpaced)");
            double list = Best(repeats, () => AudioDeviceCatalog.List());
            Console.WriteLine($"  PortAudio start + device list (per call):     {list:F3} s");
            double read = Best(repeats, () => ReadOnly(frames));
            Console.WriteLine($"  CaptureSession read only, 1 device:           {read:F3} s  ({seconds / read:F0}x real time)");

            string ours1 = "";
            double rec1 = Best(repeats, () => ours1 = RecordOurs(Path.Combine(dir, "ours1"), new[] { "bench_a" }, seconds));
            Console.WriteLine($"  Recorder -> WAV, 1 device:                    {rec1:F3} s  ({seconds / rec1:F0}x real time)");
            double rec2 = Best(repeats, () => RecordOurs(Path.Combine(dir, "ours2"), new[] { "bench_a", "bench_b" }, seconds));
            Console.WriteLine($"  Recorder -> WAV, 2 devices at once:           {rec2:F3} s  ({2 * seconds / rec2:F0}x real time, device-seconds)");

            string arecordWav = Path.Combine(dir, "arecord.wav");
            double arec = Best(repeats, () => Arecord(confPath, frames, arecordWav));
            Console.WriteLine($"  arecord -> WAV, 1 device (reference):         {arec:F3} s  ({seconds / arec:F0}x real time)");
            Console.WriteLine($"  ratio Recorder/arecord wall time (1 device):  {rec1 / arec:F2} (both include their device start-up)");

            bool same = DataChunk(ours1).AsSpan().SequenceEqual(DataChunk(arecordWav));
            Console.WriteLine($"  samples identical to arecord's recording:     {(same ? "yes" : "NO")} ({DataChunk(ours1).Length / 2} frames)");
            return same ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Best(int repeats, Action run)
    {
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static void ReadOnly(long frames)
    {
        using var session = CaptureSession.Start("bench_a", new CaptureOptions { QueueCapacity = (int)(frames / 1024) + 16 });
        long got = 0;
        var reader = session.Blocks;
        while (got < frames && reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (got < frames && reader.TryRead(out var b))
            {
                // Only the frames we consume must be whole; the reader runs on past them until Dispose.
                if (b.FrameIndex != got) throw new InvalidOperationException($"frames lost before {b.FrameIndex}");
                got += b.Frames;
            }
        }
    }

    private static string RecordOurs(string outDir, string[] devices, int seconds)
    {
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        var options = new RecordingOptions
        {
            Devices = devices,
            OutputDirectory = outDir,
            Duration = TimeSpan.FromSeconds(seconds),
            // The unpaced source reads far faster than any consumer; a queue that holds the whole run keeps this a
            // measure of the consumer (a short queue would drop, and each loss would start a new file).
            Capture = new CaptureOptions { QueueCapacity = (int)(seconds * 16000L / 1024) + 16 },
        };
        var segments = new List<RecordingSegment>();
        using (var run = Recorder.Start(options))
        {
            while (run.Events.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (run.Events.TryRead(out var e)) if (e.Segment is not null) segments.Add(e.Segment);
            }
        }
        if (segments.Count != devices.Length || segments.Any(s => s.FramesLost != 0))
            throw new InvalidOperationException($"expected {devices.Length} whole files, got {segments.Count}");
        return segments[0].Path;
    }

    private static void Arecord(string confPath, long frames, string output)
    {
        var psi = new ProcessStartInfo("arecord") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-q", "-D", "bench_a", "-f", "S16_LE", "-r", "16000", "-c", "1", "-s", frames.ToString(), "-t", "wav", output })
            psi.ArgumentList.Add(a);
        psi.Environment["ALSA_CONFIG_PATH"] = confPath;
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("arecord failed: " + err);
    }

    /// <summary>The bytes of a WAV file's data chunk.</summary>
    private static byte[] DataChunk(string path)
    {
        var b = File.ReadAllBytes(path);
        int pos = 12;
        while (pos + 8 <= b.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(b, pos, 4);
            long size = BitConverter.ToUInt32(b, pos + 4);
            if (id == "data") return b.AsSpan(pos + 8, (int)Math.Min(size, b.Length - pos - 8)).ToArray();
            pos += 8 + (int)size + (int)(size % 2);
        }
        throw new InvalidDataException(path + ": no data chunk");
    }

    private static string FindFixture()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var p = Path.Combine(d.FullName, "tests", "fixtures", "capture", "valve-normal-3s.s16");
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException("tests/fixtures/capture/valve-normal-3s.s16 not found above " + AppContext.BaseDirectory);
    }

    [DllImport("libc")]
    private static extern int setenv(string name, string value, int overwrite);
}
