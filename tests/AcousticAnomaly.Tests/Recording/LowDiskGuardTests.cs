using AcousticAnomaly.Recording;
using AcousticAnomaly.Tests.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Recording;

/// <summary>
/// Issue 15 item 16: the low-disk guard. A minimum free space above what the disk has stops the recording at once,
/// cleanly, with an error naming the device, the folder and the limit - before the disk is ever full.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class LowDiskGuardTests(VirtualMicrophones mics) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-lowdisk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RecordingStopsCleanlyBelowTheMinimumFreeSpace()
    {
        _ = mics;
        long free = new DriveInfo(_dir).AvailableFreeSpace;
        var options = new RecordingOptions
        {
            Devices = new[] { VirtualMicrophones.Normal },
            OutputDirectory = _dir,
            Duration = TimeSpan.FromSeconds(600),
            MinFreeSpace = free + (1L << 40), // a terabyte more than there is
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var _ in Recorder.RecordAsync(options, cancellationToken: timeout.Token)) { }
        });
        Assert.False(timeout.IsCancellationRequested, "the recording only ended because the test cancelled it");
        Assert.Contains($"Device '{VirtualMicrophones.Normal}'", error.Message);
        Assert.Contains($"free space in {_dir} fell to", error.Message);
        Assert.Contains("below the minimum", error.Message);
        Assert.Contains("Recording stopped", error.Message);
    }

    [Fact]
    public void TheDefaultGuardIsOnAndZeroTurnsItOff()
    {
        Assert.True(new RecordingOptions { Devices = new[] { "x" }, OutputDirectory = _dir }.MinFreeSpace > 0);
        var off = new FreeSpaceGuard(_dir, 0);
        off.Check(); // never throws
        Assert.Throws<IOException>(() => new FreeSpaceGuard(_dir, long.MaxValue).Check());
    }
}
