using AcousticAnomaly.Streaming;
using Xunit;

namespace AcousticAnomaly.Tests.Streaming;

public sealed class AnomalyEventGateTests
{
    /// <summary>Feeds verdicts at window ends 1, 2, 3... s and returns the ends (s) reported as events.</summary>
    private static int[] Events(AnomalyEventGate gate, string verdicts, int hopSeconds = 1)
    {
        var events = new List<int>();
        for (int i = 0; i < verdicts.Length; i++)
        {
            int end = (i + 1) * hopSeconds;
            if (gate.Observe(verdicts[i] == 'A', TimeSpan.FromSeconds(end))) events.Add(end);
        }
        return events.ToArray();
    }

    [Fact]
    public void DefaultsReportEveryAnomalousWindow()
    {
        Assert.Equal(new[] { 2, 3, 6 }, Events(new AnomalyEventGate(), "-AA--A-"));
    }

    [Fact]
    public void MinConsecutiveWaitsForARunOfThatLength()
    {
        // Runs of 2 are ignored; a run of 4 is reported from its 3rd window on.
        Assert.Equal(new[] { 6, 7 }, Events(new AnomalyEventGate(3), "AA-AAAA-AA-"));
    }

    [Fact]
    public void CooldownSuppressesEventsForThatMuchAudioAfterAnEvent()
    {
        // Events at 1; 2 and 3 are within 3 s; 4 is exactly 3 s later and is reported; then 7.
        Assert.Equal(new[] { 1, 4, 7 }, Events(new AnomalyEventGate(1, TimeSpan.FromSeconds(3)), "AAAAAAAA"));
    }

    [Fact]
    public void CooldownAppliesAcrossRunsAndDebounceStartsAfresh()
    {
        // Run 1 reaches 2 windows at 2 -> event. Run 2 reaches 2 at 5, inside the 4 s cooldown -> suppressed; at 6 it
        // is 4 s after the last event -> reported. Run 3 (9, 10) -> 10.
        Assert.Equal(new[] { 2, 6, 10 }, Events(new AnomalyEventGate(2, TimeSpan.FromSeconds(4)), "AA-AAA--AA"));
    }

    [Fact]
    public void BreakRunRestartsTheDebounceCount()
    {
        var gate = new AnomalyEventGate(2);
        Assert.False(gate.Observe(true, TimeSpan.FromSeconds(1)));
        gate.BreakRun(); // frames were lost between the windows
        Assert.False(gate.Observe(true, TimeSpan.FromSeconds(5)));
        Assert.True(gate.Observe(true, TimeSpan.FromSeconds(6)));
        Assert.Equal(2, gate.Consecutive);
    }

    [Fact]
    public void InvalidSettingsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyEventGate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyEventGate(1, TimeSpan.FromSeconds(-1)));
    }
}
