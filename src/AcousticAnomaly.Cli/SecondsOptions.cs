using System.CommandLine;

namespace AcousticAnomaly.Cli;

/// <summary>
/// Durations given in seconds are checked when parsing (exit code 2, naming the option): NaN, infinite or absurd
/// values such as --segment 1e12 would otherwise overflow TimeSpan inside the verb and crash it.
/// </summary>
internal static class SecondsOptions
{
    /// <summary>Longest duration accepted anywhere: ten years, far beyond any recording, yet far inside TimeSpan.</summary>
    public const double MaxSeconds = 10 * 366 * 86400.0;

    /// <summary>Adds the range check to each option, all of them durations in seconds.</summary>
    public static void Check(params Option[] options)
    {
        foreach (var option in options)
        {
            switch (option)
            {
                case Option<double> plain: plain.Validators.Add(r => Validate(r, plain.Name, r.GetValueOrDefault<double>())); break;
                case Option<double?> optional: optional.Validators.Add(r => Validate(r, optional.Name, r.GetValueOrDefault<double?>())); break;
                default: throw new ArgumentException($"{option.Name} is not a seconds option", nameof(options));
            }
        }
    }

    private static void Validate(System.CommandLine.Parsing.OptionResult result, string name, double? seconds)
    {
        if (seconds is not { } s) return;
        if (!double.IsFinite(s) || s < 0 || s > MaxSeconds)
            result.AddError($"{name} must be between 0 and {MaxSeconds:0} seconds (ten years); got {s}.");
    }
}
