using System.Runtime.InteropServices;
using AcousticAnomaly.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Capture;

/// <summary>The managed layouts must match portaudio.h on this platform, or every field read after a mismatch is garbage.</summary>
public class PortAudioStructsTests
{
    [Fact]
    public unsafe void LayoutsMatchPortAudioOn64BitLinux()
    {
        Assert.True(OperatingSystem.IsLinux() && Environment.Is64BitProcess, "these sizes are the 64-bit Linux ones");
        Assert.Equal(72, sizeof(PaDeviceInfo));
        Assert.Equal(72, Marshal.SizeOf<PaDeviceInfo>());
        Assert.Equal(32, sizeof(PaStreamParameters));
        Assert.Equal(32, sizeof(PaHostApiInfo));
        Assert.Equal(8, (int)Marshal.OffsetOf<PaStreamParameters>(nameof(PaStreamParameters.SampleFormat)));
        Assert.Equal(64, (int)Marshal.OffsetOf<PaDeviceInfo>(nameof(PaDeviceInfo.DefaultSampleRate)));
    }
}
