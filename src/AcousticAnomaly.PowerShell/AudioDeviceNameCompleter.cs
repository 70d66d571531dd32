using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AcousticAnomaly.Capture;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Tab completion of audio input device names for -Name / -Device parameters:
/// <c>[ArgumentCompleter(typeof(AudioDeviceNameCompleter))]</c>. Names are matched by prefix, then by substring,
/// case-insensitively, and quoted when they hold spaces or characters PowerShell would parse.
/// </summary>
public sealed class AudioDeviceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<AudioDeviceInfo> devices;
        try
        {
            devices = AudioDeviceCatalog.List();
        }
        catch (Exception ex) when (ex is AudioDeviceException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Completion must never throw at the user's prompt; no devices means no suggestions.
            return Array.Empty<CompletionResult>();
        }

        string word = (wordToComplete ?? "").Trim('\'', '"');
        var ordered = devices.Where(d => d.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Concat(devices.Where(d => !d.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                                       && d.Name.Contains(word, StringComparison.OrdinalIgnoreCase)));
        return ordered.Select(d => new CompletionResult(Quote(d.Name), d.Name, CompletionResultType.ParameterValue,
            $"[{d.Index}] {d.Name} ({d.HostApi}, {d.MaxInputChannels} ch, {d.DefaultSampleRate} Hz{(d.IsDefaultInput ? ", default" : "")})"))
            .ToList();
    }

    /// <summary>Single-quotes a name that PowerShell would otherwise split or interpret.</summary>
    private static string Quote(string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ':')
            ? name
            : "'" + name.Replace("'", "''") + "'";
}
