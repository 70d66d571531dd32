using AcousticAnomaly.Capture;
using Xunit;
using static AcousticAnomaly.Tests.Capture.CaptureTestHelpers;

namespace AcousticAnomaly.Tests.Capture;

[Collection(CaptureCollection.Name)]
public class CaptureSessionTests(VirtualMicrophones mics)
{
    [Fact]
    public async Task CaptureReturnsTheFileSampleForSampleWithContinuousFrameIndices()
    {
        using var session = CaptureSession.Start(VirtualMicrophones.Normal, Paced());
        var blocks = await ReadBlocksAsync(session, mics.NormalSamples.Length);
        session.Stop();

        Assert.Equal(mics.NormalSamples, Concat(blocks).Take(mics.NormalSamples.Length));
        long expected = 0;
        foreach (var b in blocks)
        {
            Assert.Equal(VirtualMicrophones.Normal, b.Device);
            Assert.Equal(expected, b.FrameIndex);
            Assert.Equal(1024, b.Frames);
            Assert.Equal(1, b.Channels);
            Assert.Equal(16000, b.SampleRate);
            Assert.Null(b.FloatSamples);
            Assert.False(b.InputOverflowed);
            expected += b.Frames;
        }
        var stats = session.Statistics;
        Assert.Equal(0, stats.FramesDropped);
        Assert.Equal(0, stats.FramesLostToOutages);
        Assert.True(stats.FramesCaptured >= expected);
    }

    [Fact]
    public async Task RecycledBlocksAreRefilledAndTheAudioStaysExact()
    {
        using var session = CaptureSession.Start(VirtualMicrophones.Normal, Paced());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var samples = new List<short>();
        var seen = new HashSet<AudioBlock>(ReferenceEqualityComparer.Instance);
        int reused = 0;
        long expected = 0;
        await foreach (var b in session.Blocks.ReadAllAsync(timeout.Token))
        {
            Assert.Equal(expected, b.FrameIndex);
            expected = b.EndFrameIndex;
            if (!seen.Add(b)) reused++;
            samples.AddRange(b.Int16Samples!);
            session.Recycle(b);
            if (samples.Count >= mics.NormalSamples.Length) break;
        }
        session.Stop();

        Assert.Equal(mics.NormalSamples, samples.Take(mics.NormalSamples.Length));
        Assert.True(reused > 0, "no block was refilled");
        Assert.True(seen.Count <= 64, $"{seen.Count} distinct blocks for a consumer that recycles every one");
    }

    [Fact]
    public async Task FloatCaptureIsTheSameAudioScaledBy32768()
    {
        using var session = CaptureSession.Start(VirtualMicrophones.Anomaly,
            Paced(new CaptureOptions { SampleFormat = CaptureSampleFormat.Float32, FramesPerBlock = 512 }));
        var blocks = await ReadBlocksAsync(session, 16000);
        session.Stop();
        Assert.All(blocks, b => Assert.Null(b.Int16Samples));
        var floats = blocks.SelectMany(b => b.FloatSamples!).ToArray();
        // Checked by probing: with a format conversion in the plug device, ALSA's file plugin skips a period of its
        // infile after the first few periods (Int16 capture through the same device is exact throughout), so
        // only the first periods are compared; every value must still be an exact 16-bit sample / 32768.
        Assert.Equal(mics.AnomalySamples.Take(2048).Select(s => s / 32768f), floats.Take(2048));
        Assert.All(floats, f => Assert.Equal(Math.Round(f * 32768.0), f * 32768.0));
        var copied = new float[blocks[0].Frames];
        blocks[0].CopyTo(copied);
        Assert.Equal(blocks[0].FloatSamples, copied);
    }

    [Fact]
    public async Task TwoDevicesAtOnceEachReturnTheirOwnFile()
    {
        using var a = CaptureSession.Start(VirtualMicrophones.Normal, Paced());
        using var b = CaptureSession.Start(VirtualMicrophones.Anomaly, Paced());
        var readA = ReadBlocksAsync(a, mics.NormalSamples.Length);
        var readB = ReadBlocksAsync(b, mics.AnomalySamples.Length);
        var both = await Task.WhenAll(readA, readB);
        a.Stop();
        b.Stop();
        Assert.Equal(mics.NormalSamples, Concat(both[0]).Take(mics.NormalSamples.Length));
        Assert.Equal(mics.AnomalySamples, Concat(both[1]).Take(mics.AnomalySamples.Length));
        Assert.All(both[1], blk => Assert.Equal(VirtualMicrophones.Anomaly, blk.Device));
    }

    [Fact]
    public async Task CaptureTimesFollowTheWallClock()
    {
        var before = DateTimeOffset.UtcNow;
        using var session = CaptureSession.Start(VirtualMicrophones.Normal, Paced());
        var blocks = await ReadBlocksAsync(session, 16000);
        session.Stop();
        var after = DateTimeOffset.UtcNow;
        // Each time is the read's return time minus the block's duration, so it can precede the start slightly.
        Assert.All(blocks, b => Assert.InRange(b.CaptureTime, before - TimeSpan.FromSeconds(1), after));
        for (int i = 1; i < blocks.Count; i++) Assert.True(blocks[i].CaptureTime >= blocks[i - 1].CaptureTime);
    }

    [Fact]
    public void UnknownDeviceThrowsNotFoundListingTheDevices()
    {
        var ex = Assert.Throws<AudioDeviceException>(() => CaptureSession.Start("USB mic that is not there"));
        Assert.Equal(AudioDeviceProblem.NotFound, ex.Problem);
        Assert.Contains(VirtualMicrophones.Normal, ex.Message);
    }

    [Fact]
    public void UnsupportedSampleRateSaysWhatTheDeviceSupports()
    {
        // ALSA's plug device resamples to any sane rate (12345 Hz opens), so ask for one it cannot reach.
        var ex = Assert.Throws<AudioDeviceException>(() =>
            CaptureSession.Start(VirtualMicrophones.Normal, new CaptureOptions { SampleRate = 1_000_000 }));
        Assert.Equal(AudioDeviceProblem.UnsupportedFormat, ex.Problem);
        Assert.Contains("1000000 Hz", ex.Message);
        Assert.Contains("16000 Hz", ex.Message);
        Assert.Contains("channel counts", ex.Message);
    }

    [Fact]
    public void TooManyChannelsSaysTheMaximum()
    {
        var ex = Assert.Throws<AudioDeviceException>(() =>
            CaptureSession.Start(VirtualMicrophones.Normal, new CaptureOptions { Channels = 200 }));
        Assert.Equal(AudioDeviceProblem.UnsupportedFormat, ex.Problem);
        Assert.Contains("at most 128 input channel(s); 200 were requested", ex.Message);
    }

    [Fact]
    public async Task StopIsCleanRepeatableAndReleasesPortAudio()
    {
        var session = CaptureSession.Start(VirtualMicrophones.Normal, Paced());
        await ReadBlocksAsync(session, 2048);
        session.Stop();
        session.Stop();
        session.Dispose();
        Assert.Equal(CaptureState.Stopped, session.State);
        // Both queues complete, so consumers end instead of waiting forever.
        await foreach (var _ in session.Blocks.ReadAllAsync()) { }
        await session.Blocks.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        var statuses = new List<CaptureStatus>();
        await foreach (var s in session.StatusUpdates.ReadAllAsync()) statuses.Add(s);
        Assert.Equal(CaptureState.Stopped, statuses[^1].State);
        // PortAudio was released: a fresh session can start and read.
        using var again = CaptureSession.Start(VirtualMicrophones.Normal, Paced());
        Assert.Equal(mics.NormalSamples.Take(1024), Concat(await ReadBlocksAsync(again, 1024)).Take(1024));
    }

    [Fact]
    public async Task SlowConsumerLosesBlocksButEveryFrameIsCounted()
    {
        // Unpaced file device + tiny queue + nobody reading: the queue must overflow.
        using var session = CaptureSession.Start(VirtualMicrophones.Normal, new CaptureOptions { QueueCapacity = 4 });
        await Task.Delay(300);
        session.Stop();
        var blocks = new List<AudioBlock>();
        await foreach (var b in session.Blocks.ReadAllAsync()) blocks.Add(b);
        var stats = session.Statistics;
        Assert.Equal(4, blocks.Count);
        Assert.True(stats.FramesDropped > 0);
        Assert.Equal(stats.FramesCaptured, blocks.Sum(b => (long)b.Frames) + stats.FramesDropped);
        // The queue kept the oldest blocks; the drops show as the gap after them.
        Assert.Equal(new long[] { 0, 1024, 2048, 3072 }, blocks.Select(b => b.FrameIndex));
    }

    [Fact]
    public async Task DeviceThatFailsIsReportedReopenedAndItsGapCounted()
    {
        // vmic_broken opens, delivers a little, then every read fails (its data goes to /dev/full).
        using var session = CaptureSession.Start(VirtualMicrophones.Broken,
            new CaptureOptions { ReopenInterval = TimeSpan.FromMilliseconds(100) });
        var statuses = new List<CaptureStatus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var s in session.StatusUpdates.ReadAllAsync(timeout.Token))
        {
            statuses.Add(s);
            if (statuses.Count(x => x.State == CaptureState.Reopened) >= 2) break;
        }
        session.Stop();
        var blocks = new List<AudioBlock>();
        await foreach (var b in session.Blocks.ReadAllAsync()) blocks.Add(b);

        var lost = statuses.First(s => s.State == CaptureState.DeviceLost);
        Assert.NotNull(lost.Error);
        Assert.Equal(AudioDeviceProblem.Lost, lost.Error!.Problem);
        Assert.Contains("'vmic_broken' stopped delivering audio", lost.Message);
        var reopened = statuses.First(s => s.State == CaptureState.Reopened);
        Assert.True(reopened.FramesLost > 0);
        Assert.Equal(lost.FrameIndex + reopened.FramesLost, reopened.FrameIndex);

        // The frame counter runs through the outage: blocks after it start where the gap ends.
        Assert.Contains(blocks, b => b.FrameIndex == reopened.FrameIndex);
        long gaps = 0;
        for (int i = 1; i < blocks.Count; i++)
        {
            long gap = blocks[i].FrameIndex - blocks[i - 1].EndFrameIndex;
            Assert.True(gap >= 0);
            gaps += gap;
        }
        var stats = session.Statistics;
        Assert.True(stats.Outages >= 2);
        Assert.Equal(0, stats.FramesDropped);
        Assert.Equal(stats.FramesCaptured, blocks.Sum(b => (long)b.Frames));
        Assert.True(gaps <= stats.FramesLostToOutages); // the last outage may not have ended yet
        Assert.Equal(CaptureState.Stopped, session.State);
    }

    [Fact]
    public void DeviceWhoseBackingFileVanishedIsUnavailable()
    {
        // Keep PortAudio initialised (its device list still has vmic_removable), then take the file away.
        using var holder = CaptureSession.Start(VirtualMicrophones.Normal, Paced());
        File.Delete(mics.RemovableFile);
        try
        {
            var ex = Assert.Throws<AudioDeviceException>(() => CaptureSession.Start(VirtualMicrophones.Removable));
            Assert.Equal(AudioDeviceProblem.Unavailable, ex.Problem);
            Assert.Contains("'vmic_removable' is busy or unavailable", ex.Message);
        }
        finally
        {
            mics.RestoreRemovableFile();
        }
    }

    [Fact]
    public async Task PortAudioIsSharedSafelyByConcurrentUsers()
    {
        // Sessions starting and stopping on several threads while others list devices: the reference count must
        // keep PortAudio initialised exactly while someone uses it (a premature Pa_Terminate would fail the reads).
        var workers = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            for (int round = 0; round < 3; round++)
            {
                if (i % 2 == 0)
                {
                    Assert.Contains(VirtualMicrophones.Anomaly, AudioDeviceCatalog.List().Select(d => d.Name));
                    continue;
                }
                using var session = CaptureSession.Start(i % 4 == 1 ? VirtualMicrophones.Normal : VirtualMicrophones.Anomaly, Paced());
                var expected = i % 4 == 1 ? mics.NormalSamples : mics.AnomalySamples;
                Assert.Equal(expected.Take(4096), Concat(await ReadBlocksAsync(session, 4096)).Take(4096));
            }
        })).ToArray();
        await Task.WhenAll(workers);
        using var after = CaptureSession.Start(VirtualMicrophones.Normal, Paced());
        Assert.Equal(mics.NormalSamples.Take(1024), Concat(await ReadBlocksAsync(after, 1024)).Take(1024));
    }
}
