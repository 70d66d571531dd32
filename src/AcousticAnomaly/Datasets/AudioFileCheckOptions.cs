namespace AcousticAnomaly.Datasets;

/// <summary>What <see cref="AudioFileChecker"/> calls a bad clip. Every limit is stated here, never in an adapter.</summary>
public sealed record AudioFileCheckOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static AudioFileCheckOptions Defaults { get; } = new();

    /// <summary>A clip whose peak stays below this level (dBFS) is silent. Default -60 dBFS.</summary>
    public double SilenceThresholdDb { get; init; } = -60;

    /// <summary>Samples whose magnitude reaches this level (fraction of full scale) count as clipped. Default 0.999.</summary>
    public double ClipLevel { get; init; } = 0.999;

    /// <summary>A clip with more than this fraction of clipped samples is clipped. Default 0.001 (0.1 %).</summary>
    public double ClippedFraction { get; init; } = 0.001;

    /// <summary>When set, a clip at any other sample rate is reported with the reason WrongSampleRate.</summary>
    public int? ExpectedSampleRate { get; init; }
}
