using AcousticAnomaly.Streaming;
using Xunit;

namespace AcousticAnomaly.Tests.Streaming;

public sealed class SlidingWindowTests
{
    [Fact]
    public void WindowsAreTheNewestSamplesEveryHopWhateverTheChunkSizes()
    {
        var window = new SlidingWindow(length: 10, hop: 4);
        var input = Enumerable.Range(0, 40).Select(i => (float)i).ToArray();
        var windows = new List<float[]>();
        int pos = 0;
        foreach (int chunk in new[] { 3, 7, 1, 9, 2, 5, 13 })
        {
            int end = Math.Min(input.Length, pos + chunk);
            while (pos < end)
            {
                int take = Math.Min(end - pos, window.SamplesUntilDue);
                bool due = window.Append(input.AsSpan(pos, take));
                pos += take;
                if (due) windows.Add(window.Window.ToArray());
            }
        }
        // Windows end at 10, 14, 18, ... 38.
        Assert.Equal(8, windows.Count);
        for (int k = 0; k < windows.Count; k++)
        {
            int endAt = 10 + 4 * k;
            Assert.Equal(input[(endAt - 10)..endAt], windows[k]);
        }
    }

    [Fact]
    public void ResetStartsAFreshWindow()
    {
        var window = new SlidingWindow(4, 2);
        Assert.False(window.Append(new float[] { 1, 2, 3 }));
        window.Reset();
        Assert.Equal(4, window.SamplesUntilDue);
        Assert.True(window.Append(new float[] { 5, 6, 7, 8 }));
        Assert.Equal(new float[] { 5, 6, 7, 8 }, window.Window.ToArray());
    }

    [Fact]
    public void HopLongerThanTheWindowSkipsAudioBetweenWindows()
    {
        var window = new SlidingWindow(2, 5);
        var input = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var windows = new List<float[]>();
        int pos = 0;
        while (pos < input.Length)
        {
            int take = Math.Min(input.Length - pos, window.SamplesUntilDue);
            if (window.Append(input.AsSpan(pos, take))) windows.Add(window.Window.ToArray());
            pos += take;
        }
        Assert.Equal(new[] { new float[] { 0, 1 }, new float[] { 5, 6 }, new float[] { 10, 11 } }, windows);
    }
}
