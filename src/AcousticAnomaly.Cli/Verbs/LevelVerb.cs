using System.CommandLine;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly level`: the CLI face of Measure-AudioLevel (same AudioLevelMeter, same columns).</summary>
public static class LevelVerb
{
    public static Command Create()
    {
        var device = new Option<string>("--device", "-d") { Description = "Device name, unique wildcard or index.", Required = true };
        var interval = new Option<double?>("--interval") { Description = $"Seconds of audio per reading (default {AudioLevelOptions.Defaults.Interval.TotalSeconds})." };
        var duration = new Option<double?>("--duration") { Description = "Seconds of audio to measure (default: until Ctrl+C)." };
        var rate = new Option<int?>("--sample-rate") { Description = $"Frames per second (default {CaptureOptions.Defaults.SampleRate})." };
        var channels = new Option<int>("--channels") { Description = "Channels to capture.", DefaultValueFactory = _ => CaptureOptions.Defaults.Channels };
        var command = new Command("level", "Print the RMS and peak dBFS of a microphone per interval, to pick a silence threshold (like Measure-AudioLevel).");
        foreach (var o in new Option[] { device, interval, duration, rate, channels }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var capture = new CaptureOptions { Channels = parse.GetValue(channels) };
            if (parse.GetValue(rate) is int r) capture = capture with { SampleRate = r };
            var options = new AudioLevelOptions { Capture = capture, Duration = parse.GetValue(duration) is double d ? TimeSpan.FromSeconds(d) : null };
            if (parse.GetValue(interval) is double i) options = options with { Interval = TimeSpan.FromSeconds(i) };
            using var stop = new CancellationTokenSource();
            using var signals = CliCancellation.OnStopSignals(stop.Cancel);
            try
            {
                CsvOutput.Write(AudioLevelMeter.Measure(parse.GetValue(device)!, options, stop.Token), Console.Out);
                return 0;
            }
            catch (Exception e) when (e is AudioDeviceException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
