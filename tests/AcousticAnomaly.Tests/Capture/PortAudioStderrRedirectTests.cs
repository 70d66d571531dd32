using AcousticAnomaly.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Capture;

/// <summary>
/// The ELF lookup behind <see cref="PortAudioStderrRedirect"/>: the real libportaudio's GLOB_DAT slot for `stderr`
/// (what PaUtil_DebugPrint reads), and nothing for names or files that do not have one. The end-to-end check (no
/// "Expression ... failed" lines from a device whose reads fail) is tests/Get-AudioDevice.Tests.ps1.
/// </summary>
public class PortAudioStderrRedirectTests
{
    private const uint X64GlobDat = 6;
    private const string Library = "/usr/lib/x86_64-linux-gnu/libportaudio.so.2";

    [Fact]
    public void FindsTheStderrSlotOfTheInstalledPortAudio()
    {
        if (!File.Exists(Library)) return; // another architecture's layout; Get-AudioDevice.Tests.ps1 still covers it
        var elf = File.ReadAllBytes(Library);
        var slot = PortAudioStderrRedirect.FindSlot(elf, "stderr", X64GlobDat);
        Assert.NotNull(slot);
        Assert.InRange(slot!.Value, 1UL, (ulong)elf.Length + 1024 * 1024);
        Assert.Null(PortAudioStderrRedirect.FindSlot(elf, "no_such_symbol", X64GlobDat));
    }

    [Fact]
    public void IgnoresWhatIsNotAnElf64File() =>
        Assert.Null(PortAudioStderrRedirect.FindSlot("not an ELF file at all, just some text bytes......................"u8.ToArray(), "stderr", X64GlobDat));
}
