using AcousticAnomaly.Capture;
using AcousticAnomaly.Recording;
using AcousticAnomaly.Tests.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Recording;

/// <summary>
/// Issue 15 item 12: an unpaced source (a file-backed virtual microphone, far faster than real time) must still give
/// segments whose Start and names follow the audio: each start is the capture start plus the frames before it.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class SegmentTimesFollowFramesTests(VirtualMicrophones mics) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-times-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task UnpacedSegmentsStartExactlyWhereThePreviousEndedAndSortInOrder()
    {
        _ = mics;
        var options = new RecordingOptions
        {
            Devices = new[] { VirtualMicrophones.Normal },
            OutputDirectory = _dir,
            Duration = TimeSpan.FromSeconds(3),
            SegmentDuration = TimeSpan.FromSeconds(0.3), // cuts fall inside 1024-frame blocks
            Capture = new CaptureOptions(),               // no speed limit: as fast as the file reads
        };
        var segments = new List<RecordingSegment>();
        await foreach (var s in Recorder.RecordAsync(options)) segments.Add(s);

        Assert.Equal(10, segments.Count);
        for (int i = 1; i < segments.Count; i++)
        {
            var expected = segments[i - 1].Start + TimeSpan.FromSeconds(segments[i - 1].Duration);
            Assert.True(Math.Abs((segments[i].Start - expected).TotalMilliseconds) < 0.01,
                $"segment {i} starts at {segments[i].Start:O}, the previous ends at {expected:O}");
        }
        Assert.Equal(segments.Select(s => s.Path), segments.Select(s => s.Path).Order(StringComparer.Ordinal));
    }
}
