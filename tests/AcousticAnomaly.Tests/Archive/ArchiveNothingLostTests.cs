using System.Buffers.Binary;
using AcousticAnomaly.Archive;
using AcousticAnomaly.IO;
using Xunit;

namespace AcousticAnomaly.Tests.Archive;

/// <summary>
/// Issue 15 items 1-4 and 15: the archive never destroys the only copy of audio. Each test reproduces a reported loss
/// with real WAV/FLAC files and checks every sample survives.
/// </summary>
public class ArchiveNothingLostTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();
    public void Dispose() => Directory.Delete(_dir, true);

    private string Wav(string name, int[] samples)
    {
        string p = Path.Combine(_dir, name);
        FlacTestSupport.WriteWav(p, samples, 16000, 1);
        return p;
    }

    private static FlacArchiveResult Ok(FlacArchiveItem[] items) => Assert.Single(items).Result ?? throw Assert.Single(items).Error!;

    private static FlacArchiveItem[] Run(FlacArchiveOptions o, params string[] files) => new FlacArchiver(o).Run(files).ToArray();

    [Fact]
    public void AFlacGivenAsInputIsNeverItsOwnTargetNorDeleted()
    {
        var s = FlacTestSupport.Signal(4000, 1, 16, 1);
        string wav = Wav("x.wav", s);
        var first = Ok(Run(new FlacArchiveOptions { RemoveSource = true }, wav));
        Assert.False(File.Exists(wav));

        // The reported loss: "flac --force --remove-source x.flac" re-encoded x.flac over itself, then deleted it.
        var item = Assert.Single(Run(new FlacArchiveOptions { RemoveSource = true, Force = true }, first.Path));
        // Its own kind, not TargetExists: the adapters add "use -Force" to that, and -Force is what destroyed the copy.
        Assert.Equal(FlacArchiveErrorKind.SourceIsTarget, item.Error!.Kind);
        Assert.Contains("both an input and the FLAC", item.Error.Message);
        Assert.Equal(s, FlacTestSupport.DecodeAll(first.Path, out _));
    }

    [Fact]
    public void AFlacInputMayBeReencodedElsewhere()
    {
        var s = FlacTestSupport.Signal(3000, 1, 16, 2);
        string flac = Ok(Run(new FlacArchiveOptions { RemoveSource = true }, Wav("y.wav", s))).Path;
        var moved = Ok(Run(new FlacArchiveOptions { RemoveSource = true, OutputDirectory = Path.Combine(_dir, "out") }, flac));
        Assert.Equal(s, FlacTestSupport.DecodeAll(moved.Path, out _));
        Assert.False(File.Exists(flac));
    }

    [Fact]
    public void ASecondRunOverTheSameMinuteExtendsTheArchive()
    {
        var parts = Enumerable.Range(0, 6).Select(i => FlacTestSupport.Signal(800 + 100 * i, 1, 16, 10 + i)).ToArray();
        var files = parts.Select((p, i) => Wav($"m1_2026-11-22T10-15-{i * 10:00}.wav", p)).ToArray();
        var o = new FlacArchiveOptions { GroupBy = FlacGroupBy.Minute, RemoveSource = true, Force = true };

        var a = Ok(Run(o, files[..3]));
        var b = Ok(Run(o, files[3..]));

        Assert.Equal(a.Path, b.Path);
        Assert.Equal(parts.SelectMany(p => p).ToArray(), FlacTestSupport.DecodeAll(b.Path, out _));
        Assert.Equal(parts.Sum(p => p.Length) / 16000.0, b.Duration);
        Assert.All(files, f => Assert.False(File.Exists(f)));
        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
    }

    [Fact]
    public void ARerunWithSourcesAlreadyArchivedDoesNotAddThemTwice()
    {
        var parts = Enumerable.Range(0, 3).Select(i => FlacTestSupport.Signal(900, 1, 16, 20 + i)).ToArray();
        var files = parts.Select((p, i) => Wav($"m2_2026-11-22T10-20-{i * 10:00}.wav", p)).ToArray();
        var keep = new FlacArchiveOptions { GroupBy = FlacGroupBy.Minute };
        string flac = Ok(Run(keep, files)).Path;

        // As after "the source could not be deleted": the last source is still there, the user re-runs with --force.
        var again = Ok(Run(keep with { RemoveSource = true, Force = true }, files[2]));
        Assert.Equal(flac, again.Path);
        Assert.Equal(parts.SelectMany(p => p).ToArray(), FlacTestSupport.DecodeAll(flac, out _));
        Assert.False(File.Exists(files[2]));
    }

    [Fact]
    public void AGroupThatCannotJoinTheArchiveLeavesItAlone()
    {
        string flac = Ok(Run(new FlacArchiveOptions { GroupBy = FlacGroupBy.Minute, RemoveSource = true },
            Wav("m3_2026-11-22T10-30-00.wav", FlacTestSupport.Signal(500, 1, 16, 1)))).Path;
        byte[] before = File.ReadAllBytes(flac);
        string stereo = Path.Combine(_dir, "m3_2026-11-22T10-30-20.wav");
        FlacTestSupport.WriteWav(stereo, FlacTestSupport.Signal(500, 2, 16, 2), 16000, 2);

        var err = Assert.Single(Run(new FlacArchiveOptions { GroupBy = FlacGroupBy.Minute, RemoveSource = true, Force = true }, stereo)).Error!;
        Assert.Equal(FlacArchiveErrorKind.InvalidFormat, err.Kind);
        Assert.Equal(before, File.ReadAllBytes(flac));
        Assert.True(File.Exists(stereo));
    }

    /// <summary>A 16-bit mono WAV whose data chunk declares <paramref name="declared"/> frames but holds <paramref name="frames"/>.</summary>
    private string WavDeclaringLess(string name, int frames, int declared, bool secondDataChunk = false)
    {
        string p = Path.Combine(_dir, name);
        var samples = FlacTestSupport.Signal(frames, 1, 16, 7);
        FlacTestSupport.WriteWav(p, samples, 16000, 1);
        var bytes = File.ReadAllBytes(p).ToList();
        if (secondDataChunk)
        {
            // Split the samples into two data chunks: readers stop after the first.
            int firstBytes = declared * 2;
            var header = new byte[8];
            "data"u8.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)((frames - declared) * 2));
            bytes.InsertRange(44 + firstBytes, header);
        }
        var arr = bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(arr.AsSpan(40), (uint)(declared * 2));
        BinaryPrimitives.WriteUInt32LittleEndian(arr.AsSpan(4), (uint)(arr.Length - 8));
        File.WriteAllBytes(p, arr);
        return p;
    }

    [Theory]
    [InlineData(false, "bytes after its data chunk")]
    [InlineData(true, "a second data chunk")]
    public void AWavHoldingMoreThanItsHeaderDeclaresIsNotDeleted(bool secondDataChunk, string expected)
    {
        // The reported case scaled down: 8 s declared, 10 s present.
        string wav = WavDeclaringLess(secondDataChunk ? "two.wav" : "short.wav", 10_000, 8_000, secondDataChunk);
        byte[] before = File.ReadAllBytes(wav);
        var err = Assert.Single(Run(new FlacArchiveOptions { RemoveSource = true }, wav)).Error!;
        Assert.Equal(FlacArchiveErrorKind.InvalidData, err.Kind);
        Assert.Contains(expected, err.Message);
        Assert.Contains("source is kept", err.Message);
        Assert.Equal(before, File.ReadAllBytes(wav));
        Assert.False(File.Exists(Path.ChangeExtension(wav, ".flac")));
    }

    [Fact]
    public void TheFlacIsSyncedBeforeTheRenameAndTheFolderBeforeTheSourceIsDeleted()
    {
        string wav = Wav("durable.wav", FlacTestSupport.Signal(2000, 1, 16, 3));
        string target = Path.Combine(_dir, "durable.flac");
        var log = new List<string>();
        void OnSync(string what)
        {
            if (what.Contains(_dir, StringComparison.Ordinal))
                log.Add($"{what.Split(':')[0]} target={File.Exists(target)} source={File.Exists(wav)} temp={what.EndsWith(".tmp", StringComparison.Ordinal)}");
        }
        DurableFile.Synced += OnSync;
        try
        {
            Assert.NotNull(Assert.Single(Run(new FlacArchiveOptions { RemoveSource = true }, wav)).Result);
        }
        finally
        {
            DurableFile.Synced -= OnSync;
        }
        Assert.Equal(new[]
        {
            "file target=False source=True temp=True", // the temp FLAC is on disk before it gets its name
            "dir target=True source=True temp=False",  // the rename is on disk before the source goes
        }, log);
        Assert.False(File.Exists(wav));
    }

    [Fact]
    public void StaleTempFilesOfAnInterruptedRunAreCleanedFreshOnesKept()
    {
        string wav = Wav("again.wav", FlacTestSupport.Signal(1000, 1, 16, 4));
        string stale = Path.Combine(_dir, ".again.flac.0badf00d.tmp");
        string fresh = Path.Combine(_dir, ".again.flac.0000beef.tmp");
        File.WriteAllText(stale, "left by a killed run");
        File.WriteAllText(fresh, "another process writing right now");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - FlacArchiver.StaleTempAge - TimeSpan.FromMinutes(1));

        Assert.NotNull(Assert.Single(Run(new FlacArchiveOptions(), wav)).Result);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }
}
