using System.CommandLine;
using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly devices [--name PATTERN]`: the CLI twin of Get-AudioDevice, printed as CSV.</summary>
public static class DevicesVerb
{
    public static Command Create()
    {
        var name = new Option<string?>("--name")
        {
            Description = "Only devices whose name matches this wildcard (*, ?, [..]) or contains this text.",
        };
        var command = new Command("devices", "List audio input devices (Index, Name, HostApi, MaxInputChannels, DefaultSampleRate, IsDefaultInput).");
        command.Options.Add(name);
        command.SetAction(parseResult =>
        {
            try
            {
                CsvOutput.Write(AudioDeviceCatalog.List(parseResult.GetValue(name)), Console.Out);
                return 0;
            }
            catch (Exception ex) when (ex is AudioDeviceException or DllNotFoundException)
            {
                Console.Error.WriteLine($"acoustic-anomaly devices: {ex.Message}");
                return ExitCodes.Fatal; // no audio system: nothing to list
            }
        });
        return command;
    }
}
