using System.Globalization;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// One augmentation with all its parameters, parsed from text such as <c>noise:snr=10</c> or <c>eq:freq=2000,gain=-6</c>.
/// Parameters left out take the defaults below; <see cref="Name"/> spells every parameter, so a file name says exactly
/// what made it.
/// </summary>
public sealed record AugmentationStep(AugmentationKind Kind, IReadOnlyList<KeyValuePair<string, double>> Parameters)
{
    /// <summary>Every kind's parameters and defaults, in the order names spell them.</summary>
    public static IReadOnlyDictionary<AugmentationKind, (string Name, double Default)[]> Defaults { get; } =
        new Dictionary<AugmentationKind, (string, double)[]>
        {
            [AugmentationKind.Noise] = [("snr", 20)],
            [AugmentationKind.Reverse] = [],
            [AugmentationKind.Compress] = [("threshold", -20), ("ratio", 4), ("attack", 0.01), ("release", 0.1)],
            [AugmentationKind.Stretch] = [("factor", 1.1)],
            [AugmentationKind.Eq] = [("freq", 1000), ("gain", 6), ("q", 1)],
            [AugmentationKind.Clip] = [("level", 0.5)],
            [AugmentationKind.Gain] = [("db", 6)],
            [AugmentationKind.Silence] = [("duration", 0.25), ("at", -1)],
            [AugmentationKind.FreqMask] = [("width", 500), ("start", -1)],
        };

    /// <summary>True when the step draws random numbers (noise, or a position/band left to the seed).</summary>
    public bool IsRandom => Kind == AugmentationKind.Noise
        || (Kind == AugmentationKind.Silence && this["at"] < 0)
        || (Kind == AugmentationKind.FreqMask && this["start"] < 0);

    public double this[string name] => Parameters.First(p => p.Key == name).Value;

    /// <summary>File-name form, e.g. <c>noise-snr10</c>, <c>eq-freq2000-gain-6-q1</c>.</summary>
    public string Name => Kind.ToString().ToLowerInvariant() +
        string.Concat(Parameters.Where(p => !(p.Key is "at" or "start" && p.Value < 0)).Select(p => "-" + p.Key + Format(p.Value)));

    public static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    public static AugmentationStep Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':', 2);
        if (!Enum.TryParse<AugmentationKind>(parts[0].Trim(), ignoreCase: true, out var kind) || int.TryParse(parts[0], out _))
            throw new ArgumentException($"Unknown augmentation '{parts[0]}'; known: {string.Join(", ", Defaults.Keys.Select(k => k.ToString().ToLowerInvariant()))}.");
        var defs = Defaults[kind];
        var values = defs.ToDictionary(d => d.Name, d => d.Default, StringComparer.OrdinalIgnoreCase);
        if (parts.Length == 2 && parts[1].Trim().Length > 0)
        {
            foreach (var pair in parts[1].Split(',', ';'))
            {
                var kv = pair.Split('=', 2);
                var key = kv[0].Trim();
                if (!values.ContainsKey(key))
                    throw new ArgumentException($"{kind.ToString().ToLowerInvariant()} has no parameter '{key}'; it takes: {(defs.Length == 0 ? "none" : string.Join(", ", defs.Select(d => d.Name)))}.");
                if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                    throw new ArgumentException($"'{pair}': give {key}=<number>.");
                values[key] = v;
            }
        }
        var step = new AugmentationStep(kind, defs.Select(d => new KeyValuePair<string, double>(d.Name, values[d.Name])).ToList());
        step.Validate();
        return step;
    }

    private void Validate()
    {
        void Require(bool ok, string what) { if (!ok) throw new ArgumentException($"{Name}: {what}."); }
        switch (Kind)
        {
            case AugmentationKind.Compress: Require(this["ratio"] >= 1, "ratio must be 1 or more"); Require(this["attack"] > 0 && this["release"] > 0, "attack and release must be positive"); break;
            case AugmentationKind.Stretch: Require(this["factor"] is > 0.25 and < 4, "factor must be between 0.25 and 4"); break;
            case AugmentationKind.Eq: Require(this["freq"] > 0 && this["q"] > 0, "freq and q must be positive"); break;
            case AugmentationKind.Clip: Require(this["level"] is > 0 and <= 1, "level must be in (0, 1]"); break;
            case AugmentationKind.Silence: Require(this["duration"] > 0, "duration must be positive"); break;
            case AugmentationKind.FreqMask: Require(this["width"] > 0, "width must be positive"); break;
        }
    }
}

/// <summary>Steps applied in order to make one new clip; text form joins steps with '+' (<c>gain:db=-6+noise:snr=15</c>).</summary>
public sealed record AugmentationRecipe(IReadOnlyList<AugmentationStep> Steps)
{
    public string Name => string.Join("+", Steps.Select(s => s.Name));

    public bool IsRandom => Steps.Any(s => s.IsRandom);

    public static AugmentationRecipe Parse(string text) =>
        new(text.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(AugmentationStep.Parse).ToList() is { Count: > 0 } steps
            ? steps : throw new ArgumentException("An empty augmentation recipe."));

    public override string ToString() => Name;
}
