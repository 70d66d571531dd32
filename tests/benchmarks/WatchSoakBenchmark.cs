using System.Diagnostics;
using System.Globalization;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;
using AcousticAnomaly.Recording;
using AcousticAnomaly.Streaming;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Soak run of the live watcher (driven by soak.sh on PulseAudio-paced virtual microphones): watches and records
/// several devices for a given amount of captured audio, then reports frames lost, whether every device's windows
/// and recorded files cover its stream without a gap, latency percentiles (window's last sample -> result), process
/// CPU per stream, and memory (GC heap after a full collection, and RSS) after warm-up and at the end.
/// </summary>
public sealed class WatchSoakBenchmark : IBenchmark
{
    public string Name => "watch-soak";
    public string Usage => "<model.onnx> <record-dir> <seconds> <device> [device...]: watch + record paced devices, report loss/latency/CPU/memory";

    public int Run(string[] args)
    {
        if (args.Length < 4) throw new ArgumentException(Usage);
        string model = args[0], recordDir = args[1];
        double seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        var devices = args[3..];
        var options = new WatchOptions
        {
            Devices = devices,
            ModelPath = model,
            Duration = TimeSpan.FromSeconds(seconds),
            RecordDirectory = recordDir,
            // SOAK_SAMPLE_RATE captures at another rate than the model's (the watcher resamples as audio arrives).
            SampleRate = Environment.GetEnvironmentVariable("SOAK_SAMPLE_RATE") is { Length: > 0 } rate
                ? int.Parse(rate, CultureInfo.InvariantCulture) : null,
            // SOAK_MAX_SPEED lets file-backed devices (no pacing of their own) run at a multiple of real time.
            Capture = new CaptureOptions
            {
                SpeedLimit = Environment.GetEnvironmentVariable("SOAK_MAX_SPEED") is { Length: > 0 } speed
                    ? double.Parse(speed, CultureInfo.InvariantCulture) : null,
            },
        };

        // SOAK_ALLOCATIONS=1 samples what the run allocates, by type (a diagnostic; it costs a little CPU).
        // It starts once every stream is warm, so it shows the steady state only.
        AllocationSampler? sampler = null;
        var process = Process.GetCurrentProcess();
        var latencies = new List<double>(capacity: (int)(devices.Length * seconds) + 16);
        var lastOffset = new Dictionary<string, double>();
        var gaps = new Dictionary<string, int>();
        var segments = new Dictionary<string, List<RecordingSegment>>();
        foreach (var d in devices) { gaps[d] = 0; segments[d] = new(); }
        long results = 0, anomalies = 0;
        (long Heap, long Rss, TimeSpan Cpu, TimeSpan Wall)? warm = null;
        // RSS at the last whole minute of audio, while every stream is still running: the "end" of the memory goal.
        // The figure after the run has stopped is lower (sessions, PortAudio and the model released) and says less.
        (double Offset, long Rss)? lastInRun = null;
        var wall = Stopwatch.StartNew();

        using (var run = StreamWatcher.Start(options))
        {
            var names = new HashSet<string>();
            foreach (var e in run.Events.ReadAllBlocking())
            {
                if (e.Segment is { } s)
                {
                    segments.TryAdd(s.Device, new());
                    segments[s.Device].Add(s);
                }
                else if (e.Status is { } st) Console.WriteLine($"status: {st.Device}: {st.State}: {st.Message}");
                if (e.Result is not { } r) continue;
                results++;
                if (r.IsAnomaly) anomalies++;
                latencies.Add(r.LatencyMs);
                if (lastOffset.TryGetValue(r.Device, out var prev) && Math.Abs(r.Offset - prev - options.HopDuration.TotalSeconds) > 1e-9)
                {
                    gaps.TryAdd(r.Device, 0);
                    gaps[r.Device]++;
                }
                lastOffset[r.Device] = r.Offset;
                names.Add(r.Device);
                // Memory every 60 s of audio on the first device: shows whether it settles or keeps climbing, and where.
                if (r.Device == devices[0] && r.Offset % 60 == 0)
                {
                    Console.WriteLine($"at {r.Offset:0} s of audio: {MemoryProbe.Line()} (MB)");
                    process.Refresh();
                    lastInRun = (r.Offset, process.WorkingSet64);
                }
                if (warm is null && names.Count == devices.Length)
                {
                    // Every stream has scored its first window: the pipeline is warm (JIT, ORT, buffers).
                    warm = Measure(process, wall);
                    Console.WriteLine($"warm at {wall.Elapsed.TotalSeconds:0.0} s: GC heap {Mb(warm.Value.Heap)} MB, RSS {Mb(warm.Value.Rss)} MB");
                    Console.WriteLine($"  {MemoryProbe.Line()} (MB)");
                    if (Environment.GetEnvironmentVariable("SOAK_ALLOCATIONS") == "1") sampler = new AllocationSampler();
                }
            }
            var end = Measure(process, wall);
            Console.WriteLine($"end: {MemoryProbe.Line()} (MB)");
            if (sampler is not null) Console.WriteLine(sampler.Report());
            sampler?.Dispose();
            var summary = run.Summary!;
            Console.WriteLine(summary);
            if (lastInRun is { } last)
                Console.WriteLine($"memory warm -> {last.Offset:0} s of audio (still running): RSS {Mb(warm!.Value.Rss)} -> {Mb(last.Rss)} MB " +
                    $"({Mb(last.Rss - warm.Value.Rss):+0.00;-0.00} MB)");
            Report(devices.Length, seconds, warm!.Value, end, latencies, results, anomalies, gaps, segments, summary);
        }
        return 0;
    }

    private static (long Heap, long Rss, TimeSpan Cpu, TimeSpan Wall) Measure(Process process, Stopwatch wall)
    {
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        return (heap, process.WorkingSet64, process.TotalProcessorTime, wall.Elapsed);
    }

    private static void Report(int streams, double seconds, (long Heap, long Rss, TimeSpan Cpu, TimeSpan Wall) warm,
        (long Heap, long Rss, TimeSpan Cpu, TimeSpan Wall) end, List<double> latencies, long results, long anomalies,
        Dictionary<string, int> gaps, Dictionary<string, List<RecordingSegment>> segments, WatchSummary summary)
    {
        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(q * latencies.Count))];
        var cpu = end.Cpu - warm.Cpu;
        var wallSpan = end.Wall - warm.Wall;
        Console.WriteLine($"streams {streams}, audio per stream {seconds} s, wall {end.Wall.TotalSeconds:0.0} s, " +
            $"load average at end (1/5/15 min, {Environment.ProcessorCount} cores): {File.ReadAllText("/proc/loadavg").Split(' ')[..3].Aggregate((a, b) => a + " " + b)}");
        Console.WriteLine($"results {results} ({anomalies} anomalous windows)");
        foreach (var d in summary.Devices)
        {
            var segs = segments.TryGetValue(d.Device, out var l) ? l : new();
            long recorded = segs.Sum(s => (long)Math.Round(s.Duration * s.SampleRate));
            long segLost = segs.Sum(s => s.FramesLost);
            Console.WriteLine($"  {d.Device}: frames captured {d.FramesCaptured}, frames lost {d.FramesLost}, windows {d.Windows}, " +
                $"window offset gaps {gaps.GetValueOrDefault(d.Device)}, recorded files {segs.Count} holding {recorded} frames " +
                $"({(recorded == d.FramesCaptured ? "= captured" : "!= captured")}), files' FramesLost {segLost}");
        }
        Console.WriteLine($"latency ms (window's last sample -> result): p50 {P(0.50):0.0}, p99 {P(0.99):0.0}, max {latencies[^1]:0.0}");
        Console.WriteLine($"CPU after warm-up: {cpu.TotalSeconds:0.0} s over {wallSpan.TotalSeconds:0.0} s wall = " +
            $"{100 * cpu / wallSpan / streams:0.00} % of one core per stream (whole process / streams)");
        Console.WriteLine($"memory warm -> after the run stopped: GC heap {Mb(warm.Heap)} -> {Mb(end.Heap)} MB ({Mb(end.Heap - warm.Heap):+0.00;-0.00} MB), " +
            $"RSS {Mb(warm.Rss)} -> {Mb(end.Rss)} MB ({Mb(end.Rss - warm.Rss):+0.00;-0.00} MB)");
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.00", CultureInfo.InvariantCulture);
}
