namespace AcousticAnomaly.Streaming;

/// <summary>
/// Turns per-window verdicts into reported events. A window is an event when it is anomalous, it completes (or
/// continues) a run of at least MinConsecutive anomalous windows, and no event was reported within Cooldown before
/// it. So with the defaults (1, no cooldown) every anomalous window is an event; with a cooldown a persisting anomaly
/// is reported again once per cooldown. Time is the window end on the stream's own audio time line, so the rules
/// behave the same at any processing speed. Pure logic, not thread-safe: one gate per device.
/// </summary>
public sealed class AnomalyEventGate
{
    private readonly int _minConsecutive;
    private readonly TimeSpan _cooldown;
    private TimeSpan? _lastEvent;

    public AnomalyEventGate(int minConsecutive = 1, TimeSpan cooldown = default)
    {
        if (minConsecutive < 1) throw new ArgumentOutOfRangeException(nameof(minConsecutive), minConsecutive, "MinConsecutive must be at least 1.");
        if (cooldown < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "The cooldown cannot be negative.");
        _minConsecutive = minConsecutive;
        _cooldown = cooldown;
    }

    /// <summary>Anomalous windows in a row, up to and including the last one observed.</summary>
    public int Consecutive { get; private set; }

    /// <summary>Takes the next window's verdict; true if it is to be reported as an event.</summary>
    /// <param name="isAnomaly">The window's Score exceeded the threshold.</param>
    /// <param name="windowEnd">The window's end on the stream's time line; must not go backwards.</param>
    public bool Observe(bool isAnomaly, TimeSpan windowEnd)
    {
        if (!isAnomaly)
        {
            Consecutive = 0;
            return false;
        }
        Consecutive++;
        if (Consecutive < _minConsecutive) return false;
        if (_lastEvent is { } last && windowEnd - last < _cooldown) return false;
        _lastEvent = windowEnd;
        return true;
    }

    /// <summary>The audio stopped being contiguous (frames were lost): a run cannot span the gap. The cooldown stays.</summary>
    public void BreakRun() => Consecutive = 0;
}
