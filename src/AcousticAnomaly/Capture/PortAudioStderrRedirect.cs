using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Capture;

/// <summary>
/// Gives libportaudio alone a /dev/null `stderr` (issue 9 defect 2). PortAudio's PA_ENSURE prints "Expression '...'
/// failed in 'src/hostapi/alsa/pa_linux_alsa.c'" through PaUtil_DebugPrint = vfprintf(stderr, ...) on every failed
/// read of a broken device; the status updates already report those failures, and the setter that would silence them
/// (PaUtil_SetDebugPrintFunction) is not exported by Debian's libportaudio 19.6. The library reads the C `stderr`
/// variable through one GOT slot (a GLOB_DAT relocation); pointing that slot at a private FILE* pointer changes what
/// PortAudio prints to and nothing else: fd 2, libc's stderr and every other library are untouched.
/// Best effort: any surprise (not Linux, no ELF section table, no such relocation) leaves PortAudio as it is.
/// </summary>
internal static unsafe partial class PortAudioStderrRedirect
{
    private const uint ShtRela = 4, ShtDynsym = 11;
    private const int ProtRead = 1, ProtWrite = 2;

    private static int _installed;

    /// <summary>Repoints the loaded libportaudio's `stderr` slot, once per process; call after the library is loaded.</summary>
    public static bool TryInstall()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0 || !OperatingSystem.IsLinux()) return false;
        uint globDat = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 6,       // R_X86_64_GLOB_DAT
            Architecture.Arm64 => 1025,  // R_AARCH64_GLOB_DAT
            _ => 0,
        };
        try
        {
            if (globDat == 0 || FindLoadBase() is not var (path, baseAddress) || FindSlot(File.ReadAllBytes(path), "stderr", globDat) is not { } offset)
                return false;
            var devNull = FOpen("/dev/null", "w");
            if (devNull == 0) return false;
            var holder = (nint*)NativeMemory.Alloc((nuint)sizeof(nint)); // lives as long as the library: never freed
            *holder = devNull;
            var slot = (nint*)(baseAddress + (nint)offset);
            long pageSize = Environment.SystemPageSize;
            var page = (nint)((long)slot & ~(pageSize - 1));
            // The slot sits in RELRO (read-only after relocation): open it for the one write, then close it again.
            if (MProtect(page, (nuint)pageSize, ProtRead | ProtWrite) != 0) return false;
            *slot = (nint)holder;
            MProtect(page, (nuint)pageSize, ProtRead);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    // The mapping of the file at offset 0 starts at the load base of a position-independent library.
    private static (string Path, nint Base)? FindLoadBase()
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 6 && parts[2] == "00000000" && Path.GetFileName(parts[5]).StartsWith("libportaudio.so", StringComparison.Ordinal))
                return (parts[5], (nint)long.Parse(parts[0].AsSpan(0, parts[0].IndexOf('-')), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        return null;
    }

    /// <summary>The r_offset of the GLOB_DAT relocation of <paramref name="symbol"/> in an ELF64 little-endian file.</summary>
    internal static ulong? FindSlot(byte[] elf, string symbol, uint globDat)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1) return null;
        var sections = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3a));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3c));
        Span<byte> Header(int i) => elf.AsSpan((int)(sections + (long)i * entrySize), entrySize);
        for (int i = 0; i < count; i++)
        {
            var rela = Header(i);
            if (BinaryPrimitives.ReadUInt32LittleEndian(rela[4..]) != ShtRela) continue;
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(rela[0x28..]);
            var symtab = Header(link);
            if (BinaryPrimitives.ReadUInt32LittleEndian(symtab[4..]) != ShtDynsym) continue;
            var strtab = Header((int)BinaryPrimitives.ReadUInt32LittleEndian(symtab[0x28..]));
            long relaOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(rela[0x18..]);
            long relaSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(rela[0x20..]);
            long symOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(symtab[0x18..]);
            long strOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(strtab[0x18..]);
            for (long r = relaOffset; r + 24 <= relaOffset + relaSize; r += 24)
            {
                ulong info = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)r + 8));
                if ((uint)info != globDat) continue;
                long sym = symOffset + (long)(info >> 32) * 24;
                int name = (int)(strOffset + BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)sym)));
                int end = Array.IndexOf(elf, (byte)0, name);
                if (end > name && System.Text.Encoding.ASCII.GetString(elf, name, end - name) == symbol)
                    return BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)r));
            }
        }
        return null;
    }

    [LibraryImport("libc", EntryPoint = "fopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint FOpen(string path, string mode);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int MProtect(nint address, nuint length, int protection);
}
