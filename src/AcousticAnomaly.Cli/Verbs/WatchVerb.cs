using System.CommandLine;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>
/// `acoustic-anomaly watch --device NAME [--device N2] --model m.onnx [--duration S] [--hop S] [--window S] ...`: the
/// CLI twin of Watch-AnomalyStream. Prints one CSV row per scored window as it is produced (WatchResult columns), the
/// per-device totals to stderr at the end; Ctrl+C or SIGTERM stops capture and finalises every file.
/// </summary>
public static class WatchVerb
{
    public static Command Create()
    {
        var d = WatchOptions.Defaults;
        var device = new Option<string[]>("--device") { Description = "Device name, unique wildcard or index; repeat for several devices (or use --listen).", AllowMultipleArgumentsPerToken = false };
        var model = new Option<string>("--model") { Description = "The .onnx anomaly model.", Required = true };
        var duration = new Option<double?>("--duration") { Description = "Seconds of audio per device (captured frames); omit to watch until Ctrl+C." };
        var window = new Option<double?>("--window") { Description = $"Seconds scored at once (default {WatchOptions.DefaultWindow.TotalSeconds}, the DCASE clip)." };
        var hop = new Option<double>("--hop") { Description = "Seconds between scores.", DefaultValueFactory = _ => d.HopDuration.TotalSeconds };
        var anomalyOnly = new Option<bool>("--anomaly-only") { Description = "Print only reported anomaly events." };
        var minConsecutive = new Option<int>("--min-consecutive") { Description = "Report an event only after this many anomalous windows in a row.", DefaultValueFactory = _ => d.MinConsecutive };
        var cooldown = new Option<double>("--cooldown") { Description = "Seconds of audio after an event during which no further event is reported.", DefaultValueFactory = _ => d.Cooldown.TotalSeconds };
        var saveAnomalies = new Option<string?>("--save-anomalies") { Description = "Folder for each event's window as FLAC (an anomaly event, or a classifier's label event)." };
        var recordDir = new Option<string?>("--record-dir") { Description = "Folder for the captured audio as rolling WAV segments." };
        var segment = new Option<double>("--record-segment") { Description = "Seconds per recorded WAV segment.", DefaultValueFactory = _ => d.RecordSegmentDuration.TotalSeconds };
        var minFree = SizeOptions.Create("--min-free-space", $"With --record-dir: stop cleanly once its disk has less free space than this (e.g. 1GB; 0 = off; default {RecordingOptions.Defaults.MinFreeSpace / (1024 * 1024)}MB).");
        var rate = new Option<int?>("--sample-rate") { Description = "Capture rate (default: the model's rate); another rate is resampled to the model's as it arrives." };
        var channels = new Option<int>("--channels") { Description = "Channels per device (mixed by the model's channel rule).", DefaultValueFactory = _ => d.Channels };
        var maxSpeed = new Option<double?>("--max-speed") { Description = "Never read faster than this many times real time (only for file-backed/virtual test devices, which are not paced)." };

        var threshold = new Option<double?>("--threshold") { Description = "Replace the model's threshold (higher = more anomalous)." };
        var network = new NetworkOptions();
        var reply = new Option<bool>("--reply") { Description = "With --listen: send each result back to its sender (acoustic-anomaly send prints them)." };
        var classifier = new ClassificationWatchVerb();
        var command = new Command("watch", "Score live audio in sliding windows (CSV: Time, Device, Offset, Score, Threshold, IsAnomaly, LatencyMs, FramesLost); " +
            "with a classifier model, label them (CSV: Time, Device, Offset, Label, Probability, IsEvent, LatencyMs, FramesLost).");
        SecondsOptions.Check(duration, window, hop, cooldown, segment);
        foreach (var o in new Option[] { device, model, duration, window, hop, anomalyOnly, minConsecutive, cooldown, saveAnomalies, recordDir, segment, minFree, rate, channels, maxSpeed, threshold, reply }
            .Concat(network.Listening).Concat(network.Mqtt).Concat(classifier.Options))
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult =>
        {
            static TimeSpan? Seconds(double? s) => s is { } v ? TimeSpan.FromSeconds(v) : null;
            if (!network.TryRead(parseResult, "watch", out var listen, out var mqtt)) return ExitCodes.Usage;
            if (classifier.Applies(parseResult, parseResult.GetValue(model)))
            {
                // The hop's anomaly default (1 s) is not the classifier's: only a hop the user typed is passed on.
                return ClassificationWatchVerb.Run(classifier.WatchOptions(parseResult, parseResult.GetValue(device) ?? Array.Empty<string>(), parseResult.GetValue(model)!,
                    parseResult.GetValue(duration), parseResult.GetValue(window), parseResult.GetResult(hop) is { Implicit: false } ? parseResult.GetValue(hop) : null,
                    parseResult.GetValue(rate), parseResult.GetValue(channels), parseResult.GetValue(maxSpeed), listen) with
                    {
                        EvidenceDirectory = parseResult.GetValue(saveAnomalies),
                        RecordDirectory = parseResult.GetValue(recordDir),
                        RecordSegmentDuration = TimeSpan.FromSeconds(parseResult.GetValue(segment)),
                        RecordMinFreeSpace = SizeOptions.Bytes(parseResult, minFree),
                        Reply = parseResult.GetValue(reply),
                        Mqtt = mqtt,
                    });
            }
            var options = new WatchOptions
            {
                Devices = parseResult.GetValue(device) ?? Array.Empty<string>(),
                ModelPath = parseResult.GetValue(model),
                Overrides = new ModelOverrides(Threshold: parseResult.GetValue(threshold)),
                Duration = Seconds(parseResult.GetValue(duration)),
                WindowDuration = Seconds(parseResult.GetValue(window)),
                HopDuration = TimeSpan.FromSeconds(parseResult.GetValue(hop)),
                AnomalyOnly = parseResult.GetValue(anomalyOnly),
                MinConsecutive = parseResult.GetValue(minConsecutive),
                Cooldown = TimeSpan.FromSeconds(parseResult.GetValue(cooldown)),
                SaveAnomaliesDirectory = parseResult.GetValue(saveAnomalies),
                RecordDirectory = parseResult.GetValue(recordDir),
                RecordSegmentDuration = TimeSpan.FromSeconds(parseResult.GetValue(segment)),
                RecordMinFreeSpace = SizeOptions.Bytes(parseResult, minFree),
                SampleRate = parseResult.GetValue(rate),
                Channels = parseResult.GetValue(channels),
                Capture = new CaptureOptions { SpeedLimit = parseResult.GetValue(maxSpeed) },
                Listen = listen,
                Reply = parseResult.GetValue(reply),
                Mqtt = mqtt,
            };
            return Run(options);
        });
        return command;
    }

    private static int Run(WatchOptions options) => Run<WatchEvent, WatchResult, WatchRun>(() => StreamWatcher.Start(options), e => (e.Result, e.Status),
        run => (run.Summary?.ToString(), run.MqttStatistics));

    /// <summary>
    /// Starts a watch (anomaly or classifier) and prints its results as CSV as they come, outages on stderr, the
    /// listener's and publisher's totals at the end. Ctrl+C / SIGTERM stop capture; the process stays alive until every
    /// file is finalised.
    /// </summary>
    internal static int Run<TEvent, TResult, TRun>(Func<TRun> start, Func<TEvent, (TResult? Result, CaptureStatus? Status)> split,
        Func<TRun, (string? Summary, Network.MqttPublisherStatistics? Mqtt)> totals)
        where TRun : Recording.DeviceRun<TEvent> where TResult : class
    {
        TRun run;
        try
        {
            run = start();
        }
        catch (Exception ex) when (ex is AudioDeviceException or DllNotFoundException or ArgumentException
            or OnnxModelException or OnnxRuntimeException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"acoustic-anomaly watch: {ex.Message}");
            return ExitCodes.Usage;
        }

        using var signals = CliCancellation.OnStopSignals(run.Stop);
        try
        {
            using (run)
            {
                CsvOutput.Write(Results(run, split), Console.Out);
            }
            var (summary, mqtt) = totals(run);
            if (summary is not null) Console.Error.WriteLine(summary);
            if (run.ListenerStatistics is { } l) Console.Error.WriteLine($"listener {run.ListenEndpoint}: {l}");
            if (mqtt is { } m) Console.Error.WriteLine($"mqtt: {m}");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OnnxRuntimeException)
        {
            Console.Error.WriteLine($"acoustic-anomaly watch: {ex.Message}");
            return ExitCodes.Fatal;
        }
    }

    private static IEnumerable<TResult> Results<TEvent, TResult>(Recording.DeviceRun<TEvent> run, Func<TEvent, (TResult? Result, CaptureStatus? Status)> split)
        where TResult : class
    {
        foreach (var e in run.Events.ReadAllBlocking())
        {
            var (result, status) = split(e);
            if (result is not null) yield return result;
            else if (status is { } s) Console.Error.WriteLine($"acoustic-anomaly watch: {s.Device}: {s.State}: {s.Message}");
        }
    }
}
