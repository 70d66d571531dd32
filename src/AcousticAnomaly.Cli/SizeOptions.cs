using System.CommandLine;
using AcousticAnomaly.Archive;

namespace AcousticAnomaly.Cli;

/// <summary>Options holding a size such as 1GB or 500MB: one parser and one message for every verb that takes one.</summary>
internal static class SizeOptions
{
    /// <summary>A size option whose text is checked at parse time (e.g. "--min-free-space: 'x' is not a size ...").</summary>
    public static Option<string?> Create(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } s && !RetentionUnits.TryParseSize(s, out _)) r.AddError($"{name}: '{s}' is not a size such as 1GB or 500MB.");
        });
        return option;
    }

    /// <summary>The size in bytes, or null when the option was not given.</summary>
    public static long? Bytes(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } s && RetentionUnits.TryParseSize(s, out long bytes) ? bytes : null;
}
