namespace AcousticAnomaly.Streaming;

/// <summary>
/// Turns a stream of window labels into events the way live recognisers do: a label counts only at or above a minimum
/// probability, and once reported it is not reported again for a hold-off of audio (per label, so another label can
/// still be reported at once). With changes-only, a label is reported only when it differs from the last one reported.
/// Time is the stream's audio offset, not the wall clock, so a slow consumer does not change what is reported.
/// </summary>
internal sealed class LabelEventGate
{
    private readonly double _minProbability;
    private readonly TimeSpan _holdOff;
    private readonly TimeSpan?[] _lastEvent;
    private int _lastReported = -1;

    public LabelEventGate(int labels, double minProbability, TimeSpan holdOff)
    {
        (_minProbability, _holdOff) = (minProbability, holdOff);
        _lastEvent = new TimeSpan?[labels];
    }

    /// <summary>Whether this window is an event (and, as a second answer, a change from the last reported label).</summary>
    public (bool IsEvent, bool IsChange) Observe(int label, double probability, TimeSpan offset)
    {
        if (probability < _minProbability) return (false, false);
        if (_lastEvent[label] is { } last && offset - last < _holdOff) return (false, false);
        _lastEvent[label] = offset;
        bool change = label != _lastReported;
        _lastReported = label;
        return (true, change);
    }

    /// <summary>Lost audio: after the gap the current label is reported again even if it did not change.</summary>
    public void BreakRun() => _lastReported = -1;
}
