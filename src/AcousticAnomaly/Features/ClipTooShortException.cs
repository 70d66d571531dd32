namespace AcousticAnomaly.Features;

/// <summary>
/// A clip with fewer samples than the features need for one vector (or one log-mel frame). Callers that treat a short
/// clip differently (skip it, report it as "too short") catch this type; it stays an <see cref="ArgumentException"/>
/// (parameter "audio") so handlers of bad input in general keep catching it.
/// </summary>
public sealed class ClipTooShortException : ArgumentException
{
    /// <param name="actualSamples">Mono samples the clip has at <paramref name="sampleRate"/>.</param>
    /// <param name="requiredSamples">The fewest samples at <paramref name="sampleRate"/> that give <paramref name="needs"/>.</param>
    /// <param name="sampleRate">The feature sample rate both counts are at.</param>
    /// <param name="needs">What the samples are for, e.g. "one log-mel frame" or the feature set.</param>
    /// <param name="resampledFrom">The file's own rate when the clip was resampled to the feature rate.</param>
    public ClipTooShortException(long actualSamples, long requiredSamples, int sampleRate, string needs, int? resampledFrom = null)
        : base(Describe(actualSamples, requiredSamples, sampleRate, needs, resampledFrom), "audio")
    {
        ActualSamples = actualSamples;
        RequiredSamples = requiredSamples;
        SampleRate = sampleRate;
    }

    /// <summary>Mono samples the clip has, at <see cref="SampleRate"/>.</summary>
    public long ActualSamples { get; }

    /// <summary>The fewest mono samples at <see cref="SampleRate"/> that would have been enough.</summary>
    public long RequiredSamples { get; }

    /// <summary>The feature sample rate (Hz) the counts are at.</summary>
    public int SampleRate { get; }

    private static string Describe(long actual, long required, int rate, string needs, int? resampledFrom)
    {
        var from = resampledFrom is { } r ? $" after resampling from {r} Hz" : "";
        return $"The clip is too short: {actual} samples ({actual / (double)rate:0.###} s) at {rate} Hz{from}; " +
            $"{needs} needs at least {required} samples ({required / (double)rate:0.###} s).";
    }
}
