using System.CommandLine;
using AcousticAnomaly.Features;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>The feature options shared by train and predict (the cmdlets' -FeatureSet, -SampleRate, -Channel).</summary>
internal sealed class FeatureOptions
{
    public Option<FeatureSet?> FeatureSet { get; } = new("--feature-set") { Description = $"LogMelFrames, LogMelStats, MfccStats or LogMelTwfr (default {FeatureSettings.Defaults.FeatureSet} unless the family recommends another)." };
    public Option<int?> SampleRate { get; } = new("--sample-rate") { Description = $"Analysis sample rate in Hz (default {FeatureSettings.Defaults.SampleRate}); other rates are resampled." };
    public Option<int?> Channel { get; } = new("--channel") { Description = $"Zero-based channel to analyse; {FeatureSettings.AllChannels} (default) averages all channels." };

    public void AddTo(Command command)
    {
        command.Options.Add(FeatureSet);
        command.Options.Add(SampleRate);
        command.Options.Add(Channel);
    }

    /// <summary>The settings given, or null when none of the options was used (and no default feature set).</summary>
    public FeatureSettings? Read(ParseResult parse, FeatureSet? defaultFeatureSet = null)
    {
        var (set, rate, channel) = (parse.GetValue(FeatureSet) ?? defaultFeatureSet, parse.GetValue(SampleRate), parse.GetValue(Channel));
        return set is null && rate is null && channel is null ? null : FeatureSettings.Create(set, rate, channel);
    }
}
