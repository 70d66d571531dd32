using System.CommandLine;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>
/// `acoustic-anomaly record --device NAME [--device NAME2] [--duration S] [--segment S] --output-dir D`: the CLI twin of
/// Start-AudioRecording. Prints one CSV row per finished file; Ctrl+C stops capture and finalises every file.
/// </summary>
public static class RecordVerb
{
    public static Command Create()
    {
        var d = RecordingOptions.Defaults;
        var device = new Option<string[]>("--device") { Description = "Device name, unique wildcard or index; repeat for several devices (or use --listen).", AllowMultipleArgumentsPerToken = false };
        var outputDir = new Option<string>("--output-dir") { Description = "Folder for the WAV files (created if missing).", DefaultValueFactory = _ => d.OutputDirectory };
        var duration = new Option<double?>("--duration") { Description = "Seconds of audio per device (captured frames); omit to record until Ctrl+C." };
        var segment = new Option<double?>("--segment") { Description = "Seconds per rolling file; omit for one file per device." };
        var clip = new Option<double?>("--clip") { Description = "Fixed-length clips of this many seconds; an unfinished last clip is deleted." };
        var rate = new Option<int>("--sample-rate") { Description = "Frames per second.", DefaultValueFactory = _ => d.SampleRate };
        var channels = new Option<int>("--channels") { Description = "Channels per device.", DefaultValueFactory = _ => d.Channels };
        var format = new Option<RecordingFormat>("--format") { Description = "Wav16, Wav24 or Float.", DefaultValueFactory = _ => d.Format };
        var silence = new Option<bool>("--split-on-silence") { Description = $"Keep only sound; a file ends after {d.SilenceHold.TotalSeconds} s of silence." };
        var threshold = new Option<double>("--silence-threshold-db") { Description = "RMS dBFS below which 100 ms is silence.", DefaultValueFactory = _ => d.SilenceThresholdDb };
        var maxSpeed = new Option<double?>("--max-speed") { Description = "Never read faster than this many times real time (only for file-backed/virtual test devices, which are not paced)." };
        var minimum = new Option<double>("--minimum-duration") { Description = "With --split-on-silence: shorter files are discarded (seconds).", DefaultValueFactory = _ => d.MinimumDuration.TotalSeconds };

        var command = new Command("record", "Record audio input devices into WAV files (CSV: Path, Device, Start, Duration, SampleRate, Channels, FramesLost).");
        SecondsOptions.Check(duration, segment, clip, minimum);
        var network = new NetworkOptions();
        foreach (var o in new Option[] { device, outputDir, duration, segment, clip, rate, channels, format, silence, threshold, minimum, maxSpeed }.Concat(network.Listening))
        {
            command.Options.Add(o);
        }
        var label = new Option<string?>("--label") { Description = "Labelled recording: files go into <output-dir>/<label>/." };
        var matchLongest = new Option<bool>("--match-longest-clip") { Description = "With --label: clips as long as the longest one already in the label's folder." };
        command.Options.Add(label);
        command.Options.Add(matchLongest);
        var minFree = SizeOptions.Create("--min-free-space", $"Stop cleanly once the output folder's disk has less free space than this (e.g. 1GB; 0 = off; default {d.MinFreeSpace / (1024 * 1024)}MB).");
        command.Options.Add(minFree);
        command.SetAction(parseResult =>
        {
            static TimeSpan? Seconds(double? s) => s is { } v ? TimeSpan.FromSeconds(v) : null;
            if (!network.TryRead(parseResult, "record", out var listen, out _)) return ExitCodes.Usage;
            var directory = Path.GetFullPath(parseResult.GetValue(outputDir) ?? ".");
            if (parseResult.GetValue(label) is string l) directory = Path.Combine(directory, l);
            var clipDuration = Seconds(parseResult.GetValue(clip));
            if (parseResult.GetValue(matchLongest))
            {
                clipDuration = Datasets.DatasetScanner.LongestClip(directory)?.Duration;
                if (clipDuration is null)
                {
                    Console.Error.WriteLine($"error: --match-longest-clip: no readable clip in {directory} yet.");
                    return ExitCodes.Usage;
                }
            }
            var options = new RecordingOptions
            {
                Devices = parseResult.GetValue(device) ?? Array.Empty<string>(),
                OutputDirectory = directory,
                Duration = Seconds(parseResult.GetValue(duration)),
                SegmentDuration = Seconds(parseResult.GetValue(segment)),
                ClipDuration = clipDuration,
                SampleRate = parseResult.GetValue(rate),
                Channels = parseResult.GetValue(channels),
                Format = parseResult.GetValue(format),
                SplitOnSilence = parseResult.GetValue(silence),
                SilenceThresholdDb = parseResult.GetValue(threshold),
                MinimumDuration = TimeSpan.FromSeconds(parseResult.GetValue(minimum)),
                Capture = new CaptureOptions { SpeedLimit = parseResult.GetValue(maxSpeed) },
                Listen = listen,
            };
            if (SizeOptions.Bytes(parseResult, minFree) is { } bytes) options = options with { MinFreeSpace = bytes };
            return Run(options);
        });
        return command;
    }

    private static int Run(RecordingOptions options)
    {
        RecordingRun run;
        try
        {
            run = Recorder.Start(options);
        }
        catch (Exception ex) when (ex is AudioDeviceException or DllNotFoundException or ArgumentException)
        {
            Console.Error.WriteLine($"acoustic-anomaly record: {ex.Message}");
            return ExitCodes.Usage;
        }

        // Ctrl+C / SIGTERM stop capture; the process stays alive until every file is finalised.
        using var signals = CliCancellation.OnStopSignals(run.Stop);
        try
        {
            using (run)
            {
                CsvOutput.Write(Segments(run), Console.Out);
            }
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"acoustic-anomaly record: {ex.Message}");
            return ExitCodes.Fatal;
        }
    }

    private static IEnumerable<RecordingSegment> Segments(RecordingRun run)
    {
        foreach (var e in run.Events.ReadAllBlocking())
        {
            if (e.Segment is not null) yield return e.Segment;
            else if (e.Status is { } s) Console.Error.WriteLine($"acoustic-anomaly record: {s.Device}: {s.State}: {s.Message}");
        }
    }
}
