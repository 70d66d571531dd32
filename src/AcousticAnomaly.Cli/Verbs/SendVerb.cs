using System.CommandLine;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>
/// `acoustic-anomaly send (--device NAME | --file F) --destination host:port`: the CLI twin of Send-AudioStream. Streams
/// RTP L16 and prints each result the watcher replies (--reply) as a CSV row (AnomalyEventMessage columns).
/// </summary>
public static class SendVerb
{
    public static Command Create()
    {
        var device = new Option<string?>("--device") { Description = "Microphone name, unique wildcard or index." };
        var file = new Option<string?>("--file") { Description = "A WAV or FLAC file to stream at real time instead of a microphone." };
        var destination = new Option<string>("--destination") { Description = "The listener, host:port.", Required = true };
        var name = new Option<string?>("--name") { Description = "The stream's name at the listener (default: host and device or file name)." };
        var rate = new Option<int?>("--sample-rate") { Description = $"With --device: capture rate (default {CaptureOptions.Defaults.SampleRate})." };
        var channels = new Option<int?>("--channels") { Description = $"With --device: channels (default {CaptureOptions.Defaults.Channels})." };
        var packet = new Option<double?>("--packet") { Description = $"Seconds of audio per packet (default {RtpSenderOptions.Defaults.PacketDuration.TotalSeconds})." };
        var speed = new Option<double?>("--speed") { Description = $"With --file: times real time (default {RtpSenderOptions.Defaults.Speed})." };
        var dropEvery = new Option<int>("--drop-every") { Description = "For tests and benchmarks: never send every Nth packet (the listener counts them lost)." };
        var command = new Command("send", "Stream a microphone or file as RTP audio; print results sent back (CSV: Time, Device, Score, Threshold, IsAnomaly, Label, Probability, Model, WindowOffset, FramesLost, Topic).");
        foreach (var o in new Option[] { device, file, destination, name, rate, channels, packet, speed, dropEvery }) command.Options.Add(o);
        command.SetAction(parseResult =>
        {
            RtpSender sender;
            try
            {
                var defaults = new RtpSenderOptions { Destination = NetworkEndpoint.Parse(parseResult.GetValue(destination)!, RtpListenerOptions.DefaultPort) };
                var options = defaults with
                {
                    Name = parseResult.GetValue(name),
                    PacketDuration = parseResult.GetValue(packet) is { } p ? TimeSpan.FromSeconds(p) : defaults.PacketDuration,
                    Speed = parseResult.GetValue(speed) ?? defaults.Speed,
                    DropEvery = parseResult.GetValue(dropEvery),
                };
                var (d, f) = (parseResult.GetValue(device), parseResult.GetValue(file));
                if ((d is null) == (f is null)) throw new ArgumentException("Give either --device or --file.");
                var capture = new CaptureOptions();
                sender = f is not null
                    ? RtpSender.SendFile(Path.GetFullPath(f), options)
                    : RtpSender.SendDevice(d!, capture with { SampleRate = parseResult.GetValue(rate) ?? capture.SampleRate, Channels = parseResult.GetValue(channels) ?? capture.Channels }, options);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or AudioFileException or AudioDeviceException
                or DllNotFoundException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"acoustic-anomaly send: {ex.Message}");
                return 1;
            }
            using var signals = CliCancellation.OnStopSignals(sender.Stop);
            using (sender)
            {
                CsvOutput.Write(sender.Replies.ReadAllBlocking(), Console.Out);
            }
            Console.Error.WriteLine(sender.Statistics);
            if (sender.Failure is AudioFileException failure)
            {
                Console.Error.WriteLine($"acoustic-anomaly send: {failure.Message}");
                return 1;
            }
            return 0;
        });
        return command;
    }
}
