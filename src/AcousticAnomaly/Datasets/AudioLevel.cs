namespace AcousticAnomaly.Datasets;

/// <summary>The level of one interval of a microphone (one row of Measure-AudioLevel / <c>acoustic-anomaly level</c>).</summary>
/// <param name="Device">The device measured.</param>
/// <param name="Offset">Start of the interval in captured audio, in seconds.</param>
/// <param name="Time">Wall-clock time the interval's first frame was captured.</param>
/// <param name="RmsDb">RMS level over all channels in dBFS (-Infinity for digital silence).</param>
/// <param name="PeakDb">Largest sample magnitude in dBFS.</param>
public sealed record AudioLevel(string Device, double Offset, DateTimeOffset Time, double RmsDb, double PeakDb);

/// <summary>How <see cref="AudioLevelMeter"/> listens.</summary>
public sealed record AudioLevelOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static AudioLevelOptions Defaults { get; } = new();

    /// <summary>One level per this much audio. Default 100 ms.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Stop after this much captured audio; null runs until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Capture rate, channels and pacing.</summary>
    public Capture.CaptureOptions Capture { get; init; } = new();
}
