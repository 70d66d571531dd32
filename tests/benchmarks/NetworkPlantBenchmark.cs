using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AcousticAnomaly.Network;
using AcousticAnomaly.Streaming;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// Plant scale on loopback (driven by network_plant.sh): N `acoustic-anomaly send` processes stream recordings in real
/// time into one watcher (this process) that publishes every window's result to a Mosquitto started here; an MQTT
/// subscriber (also here, persistent session) times each event's arrival. Half-way the broker is stopped for a few
/// seconds and started again. Reports frames lost per stream, latency p50/p99 from the window's last sample to the
/// event at the subscriber, this process's CPU per stream, and whether every result reached the subscriber.
/// </summary>
public sealed class NetworkPlantBenchmark : IBenchmark
{
    public string Name => "network-plant";
    public string Usage => "<model.onnx> <seconds> <acoustic-anomaly.dll> <feed.wav>...: N real-time RTP senders -> one watcher -> Mosquitto (restarted mid-run)";

    public int Run(string[] args)
    {
        if (args.Length < 4) throw new ArgumentException(Usage);
        string model = args[0], cli = args[2];
        double seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        var feeds = args[3..];
        int dropEvery = Environment.GetEnvironmentVariable("PLANT_DROP_EVERY") is { Length: > 0 } d ? int.Parse(d, CultureInfo.InvariantCulture) : 0;
        var work = Directory.CreateTempSubdirectory("aa-plant-").FullName;
        int port = FreeTcpPort();
        File.WriteAllText(Path.Combine(work, "m.conf"),
            $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location {work}/\nautosave_interval 1\nuser {Environment.UserName}\n");
        var broker = StartBroker(work, port);
        string brokerAddress = $"127.0.0.1:{port}";

        var arrivals = new ConcurrentDictionary<(string Device, double Offset), double>(); // latency ms of the first arrival
        long duplicates = 0;
        using var stopSubscriber = new CancellationTokenSource();
        var subscriber = Task.Run(async () =>
        {
            var o = new MqttSubscriberOptions { Broker = brokerAddress, TopicFilter = "plant/#", PersistentClientId = "plant-bench-subscriber" };
            await foreach (var e in MqttEventSubscriber.ReceiveAsync(o, stopSubscriber.Token))
            {
                double ms = (DateTimeOffset.UtcNow - e.Time).TotalMilliseconds;
                if (!arrivals.TryAdd((e.Device, e.WindowOffset), ms)) Interlocked.Increment(ref duplicates);
            }
        });
        Thread.Sleep(500);

        var options = new WatchOptions
        {
            Devices = Array.Empty<string>(),
            ModelPath = model,
            Duration = TimeSpan.FromSeconds(seconds),
            Listen = new RtpListenerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), MaxStreams = feeds.Length },
            Mqtt = new MqttEventOptions { Broker = brokerAddress, Topic = "plant/line3", ReconnectInterval = TimeSpan.FromMilliseconds(500) },
        };
        var process = Process.GetCurrentProcess();
        var results = new List<WatchResult>();
        var restartWindow = (From: DateTimeOffset.MaxValue, To: DateTimeOffset.MaxValue);
        var wall = Stopwatch.StartNew();
        TimeSpan cpuStart;
        WatchSummary summary;
        MqttPublisherStatistics? mqtt;
        RtpListenerStatistics? listener;
        var senders = new List<Process>();
        using (var run = StreamWatcher.Start(options))
        {
            cpuStart = process.TotalProcessorTime;
            for (int i = 0; i < feeds.Length; i++)
            {
                var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { cli, "send", "--file", feeds[i], "--destination", run.ListenEndpoint!.ToString(), "--name", $"mic{i + 1:00}", "--drop-every", dropEvery.ToString(CultureInfo.InvariantCulture) })
                    psi.ArgumentList.Add(a);
                senders.Add(Process.Start(psi)!);
            }
            // The broker goes away for 3 s half-way through.
            var restart = Task.Run(() =>
            {
                Thread.Sleep(TimeSpan.FromSeconds(seconds / 2 + 5));
                restartWindow.From = DateTimeOffset.UtcNow;
                broker = StopBroker(broker);
                Thread.Sleep(3000);
                broker = StartBroker(work, port);
                restartWindow.To = DateTimeOffset.UtcNow;
            });
            foreach (var e in run.Events.ReadAllAsync().ToBlockingEnumerable())
            {
                if (e.Result is { } r) results.Add(r);
                else if (e.Status is { } s) Console.Error.WriteLine($"{s.Device}: {s.State}: {s.Message}");
            }
            restart.Wait();
            summary = run.Summary!;
            mqtt = run.MqttStatistics;
            listener = run.ListenerStatistics;
        }
        var cpu = process.TotalProcessorTime - cpuStart;
        var elapsed = wall.Elapsed;
        foreach (var s in senders)
        {
            if (!s.WaitForExit(15000)) s.Kill();
        }
        // Wait for the subscriber to have every result (or 20 s).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (arrivals.Count < results.Count && DateTime.UtcNow < deadline) Thread.Sleep(100);
        stopSubscriber.Cancel();
        try { subscriber.Wait(5000); } catch (AggregateException) { }
        StopBroker(broker);

        Console.WriteLine($"streams: {feeds.Length}, audio per stream: {seconds} s (real time), drop every: {(dropEvery == 0 ? "none" : dropEvery.ToString(CultureInfo.InvariantCulture))}");
        Console.WriteLine($"load average at end (1/5/15 min, {Environment.ProcessorCount} cores): {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])}");
        foreach (var dev in summary.Devices.OrderBy(x => x.Device))
            Console.WriteLine($"  {dev.Device}: {dev.Windows} windows, {dev.FramesCaptured} frames, {dev.FramesLost} lost");
        Console.WriteLine($"frames lost: total {summary.Devices.Sum(x => x.FramesLost)}, max per stream {summary.Devices.Max(x => x.FramesLost)}");
        Console.WriteLine($"listener: {listener}");
        Console.WriteLine($"mqtt publisher: {mqtt}");
        var all = results.Select(r => arrivals.TryGetValue((r.Device, r.Offset), out var ms) ? ms : double.NaN).ToList();
        var outside = results.Where(r => r.Time < restartWindow.From.AddSeconds(-1) || r.Time > restartWindow.To.AddSeconds(2))
            .Select(r => arrivals.TryGetValue((r.Device, r.Offset), out var ms) ? ms : double.NaN).Where(x => !double.IsNaN(x)).OrderBy(x => x).ToList();
        Console.WriteLine($"results: {results.Count}; reached the subscriber: {all.Count(x => !double.IsNaN(x))} (missing {all.Count(double.IsNaN)}, duplicates {duplicates})");
        Console.WriteLine($"latency window end -> subscriber, outside the restart: p50 {Pct(outside, 0.5):0.0} ms, p99 {Pct(outside, 0.99):0.0} ms (n={outside.Count})");
        var sorted = all.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToList();
        Console.WriteLine($"latency including events held over the {(restartWindow.To - restartWindow.From).TotalSeconds:0.0} s broker outage: p50 {Pct(sorted, 0.5):0.0} ms, p99 {Pct(sorted, 0.99):0.0} ms, max {sorted.LastOrDefault():0} ms");
        // Where the slowest arrivals were on the run's time line (warm-up, the broker outage, or load from elsewhere).
        var first = results.Min(r => r.Time);
        foreach (var (r, ms) in results.Select(r => (r, arrivals.TryGetValue((r.Device, r.Offset), out var v) ? v : double.NaN))
            .OrderByDescending(x => x.Item2).Take(5))
            Console.WriteLine($"  slow: {r.Device} window end {(r.Time - first).TotalSeconds:0.0} s into the run (broker down {(restartWindow.From - first).TotalSeconds:0.0}-{(restartWindow.To - first).TotalSeconds:0.0} s): {ms:0} ms");
        var expected = dropEvery > 0 ? (long)(seconds * 16000 / 320 / dropEvery) * 320 : 0;
        if (dropEvery > 0) Console.WriteLine($"injected: every {dropEvery}th 20 ms packet = {expected} frames per stream expected lost");
        Console.WriteLine($"CPU of the watcher process (listener + {feeds.Length} watchers + MQTT publisher and subscriber): {cpu.TotalSeconds:0.0} s over {elapsed.TotalSeconds:0.0} s = {100 * cpu / elapsed / feeds.Length:0.00} % of one core per stream");
        try { Directory.Delete(work, true); } catch (IOException) { }
        return 0;
    }

    private static double Pct(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    private static int FreeTcpPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int p = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return p;
    }

    private static Process StartBroker(string work, int port)
    {
        var p = Process.Start(new ProcessStartInfo(File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto", $"-c {work}/m.conf")
        { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        for (int i = 0; i < 200; i++)
        {
            try { using var c = new TcpClient(); c.Connect(IPAddress.Loopback, port); break; }
            catch (SocketException) { Thread.Sleep(25); }
        }
        return p;
    }

    private static Process StopBroker(Process p)
    {
        Process.Start("kill", $"-TERM {p.Id}")!.WaitForExit();
        if (!p.WaitForExit(5000)) p.Kill();
        return p;
    }
}
