using AcousticAnomaly.IO;
using Xunit;

namespace AcousticAnomaly.Tests.IO;

public sealed class NativeHeapTests
{
    [Fact]
    public void OnLinuxWithGlibcTheHeapIsTrimmedAndATimerIsMade()
    {
        // These machines are Debian (glibc); elsewhere Trim must be a harmless no-op that says so.
        bool glibc = OperatingSystem.IsLinux() && File.Exists("/usr/lib/x86_64-linux-gnu/libc.so.6") || File.Exists("/usr/lib/aarch64-linux-gnu/libc.so.6");
        Assert.Equal(glibc, NativeHeap.Trim());
        using var timer = NativeHeap.TrimEvery(TimeSpan.FromMinutes(1));
        Assert.Equal(glibc, timer is not null);
    }
}
