using AcousticAnomaly.Archive;
using AcousticAnomaly.Audio.Flac;
using Xunit;

namespace AcousticAnomaly.Tests.Archive;

/// <summary>FlacArchiver end to end: real WAV files in, real libFLAC out, decoded back and compared sample by sample.</summary>
public class FlacArchiverTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();
    public void Dispose() => Directory.Delete(_dir, true);

    private string Wav(string name, int[] samples, int rate = 16000, int channels = 1, int bits = 16)
    {
        string p = Path.Combine(_dir, name);
        FlacTestSupport.WriteWav(p, samples, rate, channels, bits);
        return p;
    }

    private void AssertNoTempFiles() =>
        Assert.DoesNotContain(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 16)]
    [InlineData(2, 24)]
    public void SingleFileRoundTripIsSampleExact(int channels, int bits)
    {
        var s = FlacTestSupport.Signal(12_345, channels, bits, seed: 3);
        string wav = Wav("clip.wav", s, 16000, channels, bits);
        var items = new FlacArchiver(new FlacArchiveOptions()).Run(new[] { wav }).ToList();
        var r = Assert.Single(items).Result!;
        Assert.Equal(Path.Combine(_dir, "clip.flac"), r.Path);
        Assert.Equal(new[] { wav }, r.GetSourcePaths());
        Assert.Equal((16000, channels, bits), (r.SampleRate, r.Channels, r.BitsPerSample));
        Assert.Equal(12_345 / 16000.0, r.Duration);
        Assert.Equal(new FileInfo(r.Path).Length, r.Bytes);
        Assert.Equal((double)new FileInfo(wav).Length / r.Bytes, r.CompressionRatio, 9);
        Assert.Equal(s, FlacTestSupport.DecodeAll(r.Path, out _));
        Assert.True(File.Exists(wav));
        AssertNoTempFiles();
    }

    [Fact]
    public void GroupByMinuteJoinsSegmentsInStartOrder()
    {
        var a = FlacTestSupport.Signal(1000, 1, 16, 1);
        var b = FlacTestSupport.Signal(1500, 1, 16, 2);
        var c = FlacTestSupport.Signal(700, 1, 16, 3);
        var d = FlacTestSupport.Signal(900, 1, 16, 4);
        // Given out of order and in several timestamp spellings: the start time decides, not the argument order.
        var files = new[]
        {
            Wav("pump1_2026-11-22T10-15-40.wav", c),
            Wav("pump1_2026-11-22T10-15-00.wav", a),
            Wav("pump1_2026-11-22T10-16-05.wav", d),
            Wav("pump1_2026-11-22T10-15-20.5.wav", b),
        };
        var results = new FlacArchiver(new FlacArchiveOptions { GroupBy = FlacGroupBy.Minute }).Run(files)
            .Select(i => i.Result ?? throw i.Error!).ToList();

        Assert.Equal(2, results.Count);
        Assert.Equal(Path.Combine(_dir, "pump1_2026-11-22T10-15.flac"), results[0].Path);
        Assert.Equal(new[] { files[1], files[3], files[0] }, results[0].GetSourcePaths());
        Assert.Equal(a.Concat(b).Concat(c).ToArray(), FlacTestSupport.DecodeAll(results[0].Path, out _));
        Assert.Equal(Path.Combine(_dir, "pump1_2026-11-22T10-16.flac"), results[1].Path);
        Assert.Equal(d, FlacTestSupport.DecodeAll(results[1].Path, out _));
        Assert.Equal(3200, FlacStreamInfo.Read(results[0].Path).TotalSamples);
    }

    [Fact]
    public void GroupsCompleteWhenALaterSegmentOfTheSameRecordingArrives()
    {
        // As segments stream in from a recorder: a period is complete once the same recording reaches the next one.
        var archiver = new FlacArchiver(new FlacArchiveOptions { GroupBy = FlacGroupBy.Minute });
        var pending = new List<string>
        {
            Wav("mic1_2026-11-22T10-00-50.wav", FlacTestSupport.Signal(300, 1, 16, 1)),
            Wav("mic2_2026-11-22T10-00-50.wav", FlacTestSupport.Signal(300, 1, 16, 2)),
            Wav("mic1_2026-11-22T10-00-55.wav", FlacTestSupport.Signal(300, 1, 16, 3)),
        };
        Assert.Empty(archiver.TakeCompletedGroups(pending));
        Assert.Equal(3, pending.Count);

        pending.Add(Wav("mic1_2026-11-22T10-01-00.wav", FlacTestSupport.Signal(300, 1, 16, 4)));
        var done = Assert.Single(archiver.TakeCompletedGroups(pending));
        Assert.Equal(new[] { "mic1_2026-11-22T10-00-50.wav", "mic1_2026-11-22T10-00-55.wav" }, done.Sources.Select(Path.GetFileName));
        Assert.Equal("mic1_2026-11-22T10-00.flac", Path.GetFileName(done.TargetPath));
        // mic2 has not moved on yet, and mic1's new minute is still open.
        Assert.Equal(new[] { "mic2_2026-11-22T10-00-50.wav", "mic1_2026-11-22T10-01-00.wav" }, pending.Select(Path.GetFileName));

        // What is left at the end of the input is planned as usual.
        Assert.Equal(2, archiver.Plan(pending).Count);
    }

    [Fact]
    public void GroupByHourAcceptsEveryTimestampSpelling()
    {
        var x = FlacTestSupport.Signal(400, 2, 16, 5);
        var y = FlacTestSupport.Signal(300, 2, 16, 6);
        var z = FlacTestSupport.Signal(200, 2, 16, 7);
        var files = new[]
        {
            Wav("m_20261122T105959.wav", z, channels: 2),
            Wav("m_2026-11-22_10-00-01.wav", x, channels: 2),
            Wav("m_2026-11-22T10-30-00.wav", y, channels: 2),
            Wav("m_2026-11-22T11-00-00.wav", x, channels: 2),
        };
        var outDir = Path.Combine(_dir, "archive");
        var results = new FlacArchiver(new FlacArchiveOptions { GroupBy = FlacGroupBy.Hour, OutputDirectory = outDir }).Run(files)
            .Select(i => i.Result ?? throw i.Error!).ToList();
        Assert.Equal(new[] { Path.Combine(outDir, "m_2026-11-22T10.flac"), Path.Combine(outDir, "m_2026-11-22T11.flac") },
            results.Select(r => r.Path));
        Assert.Equal(x.Concat(y).Concat(z).ToArray(), FlacTestSupport.DecodeAll(results[0].Path, out _));
        Assert.Equal(x, FlacTestSupport.DecodeAll(results[1].Path, out _));
    }

    [Fact]
    public void MismatchedGroupFailsAloneAndOthersAreWritten()
    {
        var files = new[]
        {
            Wav("s_2026-11-22T10-15-00.wav", FlacTestSupport.Signal(500, 1, 16, 1), rate: 16000),
            Wav("s_2026-11-22T10-15-30.wav", FlacTestSupport.Signal(500, 1, 16, 2), rate: 8000),
            Wav("s_2026-11-22T10-16-00.wav", FlacTestSupport.Signal(500, 1, 16, 3), rate: 16000),
        };
        var items = new FlacArchiver(new FlacArchiveOptions { GroupBy = FlacGroupBy.Minute }).Run(files).ToList();
        Assert.Equal(2, items.Count);
        Assert.NotNull(items[0].Error);
        Assert.Equal(FlacArchiveErrorKind.InvalidFormat, items[0].Error!.Kind);
        Assert.Contains("8000 Hz", items[0].Error!.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "s_2026-11-22T10-15.flac")));
        Assert.NotNull(items[1].Result);
        Assert.True(File.Exists(Path.Combine(_dir, "s_2026-11-22T10-16.flac")));
        AssertNoTempFiles();
    }

    [Fact]
    public void UntimestampedSegmentsStartAtLastWriteMinusDuration()
    {
        // 16000 frames = 1 s. a ends 10:15:30.5 (starts 10:15:29.5), b ends 10:16:00.2 (starts 10:15:59.2): one minute.
        string a = Wav("line3-a.wav", FlacTestSupport.Signal(16000, 1, 16, 1));
        string b = Wav("line3-b.wav", FlacTestSupport.Signal(16000, 1, 16, 2));
        string c = Wav("line3-c.wav", FlacTestSupport.Signal(16000, 1, 16, 3));
        File.SetLastWriteTime(b, new DateTime(2026, 11, 22, 10, 16, 0, 200));
        File.SetLastWriteTime(a, new DateTime(2026, 11, 22, 10, 15, 30, 500));
        File.SetLastWriteTime(c, new DateTime(2026, 11, 22, 10, 16, 0, 900)); // starts 10:15:59.9 -> same minute, last
        var r = Assert.Single(new FlacArchiver(new FlacArchiveOptions { GroupBy = FlacGroupBy.Minute }).Run(new[] { c, b, a })).Result!;
        Assert.Equal(Path.Combine(_dir, "line3_2026-11-22T10-15.flac"), r.Path);
        Assert.Equal(new[] { a, b, c }, r.GetSourcePaths());
    }

    [Fact]
    public void RemoveSourceDeletesOnlyVerifiedSources()
    {
        var s = FlacTestSupport.Signal(3000, 2, 16, 9);
        string good = Wav("good.wav", s, channels: 2);
        string bad = Path.Combine(_dir, "bad.wav");
        File.WriteAllBytes(bad, "RIFF\x10\0\0\0WAVEjunkjunkjunk"u8.ToArray());
        string kept = Wav("kept.wav", s, channels: 2);
        File.WriteAllText(Path.Combine(_dir, "kept.flac"), "already here");

        var items = new FlacArchiver(new FlacArchiveOptions { RemoveSource = true }).Run(new[] { good, bad, kept }).ToList();

        Assert.NotNull(items[0].Result);
        Assert.False(File.Exists(good));
        Assert.Equal(s, FlacTestSupport.DecodeAll(items[0].Result!.Path, out _));
        Assert.Equal(FlacArchiveErrorKind.InvalidData, items[1].Error!.Kind);
        Assert.True(File.Exists(bad));
        Assert.Equal(FlacArchiveErrorKind.TargetExists, items[2].Error!.Kind);
        Assert.True(File.Exists(kept));
        AssertNoTempFiles();
    }

    [Fact]
    public void ExistingTargetNeedsForce()
    {
        var s = FlacTestSupport.Signal(2000, 1, 16, 4);
        string wav = Wav("x.wav", s);
        string flac = Path.Combine(_dir, "x.flac");
        File.WriteAllText(flac, "old");

        var err = Assert.Single(new FlacArchiver(new FlacArchiveOptions()).Run(new[] { wav })).Error!;
        Assert.Equal(FlacArchiveErrorKind.TargetExists, err.Kind);
        Assert.Contains(flac, err.Message);
        Assert.Equal("old", File.ReadAllText(flac));

        var ok = Assert.Single(new FlacArchiver(new FlacArchiveOptions { Force = true }).Run(new[] { wav })).Result!;
        Assert.Equal(s, FlacTestSupport.DecodeAll(ok.Path, out _));
        AssertNoTempFiles();
    }

    [Fact]
    public void CorruptFileAmongGoodOnesIsReportedAndTheRestConverted()
    {
        string a = Wav("a.wav", FlacTestSupport.Signal(1000, 1, 16, 1));
        string broken = Path.Combine(_dir, "broken.wav");
        File.WriteAllBytes(broken, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
        string b = Wav("b.wav", FlacTestSupport.Signal(1000, 1, 16, 2));
        string missing = Path.Combine(_dir, "missing.wav");

        var items = new FlacArchiver(new FlacArchiveOptions()).Run(new[] { a, broken, missing, b }).ToList();
        Assert.Equal(4, items.Count);
        Assert.NotNull(items[0].Result);
        Assert.Equal(FlacArchiveErrorKind.InvalidData, items[1].Error!.Kind);
        Assert.Contains(broken, items[1].Error!.Message);
        Assert.Equal(FlacArchiveErrorKind.NotFound, items[2].Error!.Kind);
        Assert.NotNull(items[3].Result);
        Assert.False(File.Exists(Path.Combine(_dir, "broken.flac")));
        AssertNoTempFiles();
    }

    [Fact]
    public void FloatWavIsAClearPerItemError()
    {
        string f = Path.Combine(_dir, "float.wav");
        using (var w = new BinaryWriter(File.Create(f)))
        {
            w.Write("RIFF"u8); w.Write(36 + 400); w.Write("WAVE"u8);
            w.Write("fmt "u8); w.Write(16); w.Write((short)3); w.Write((short)1); w.Write(16000); w.Write(64000); w.Write((short)4); w.Write((short)32);
            w.Write("data"u8); w.Write(400);
            for (int i = 0; i < 100; i++) w.Write(0.25f);
        }
        var err = Assert.Single(new FlacArchiver(new FlacArchiveOptions()).Run(new[] { f })).Error!;
        Assert.Equal(FlacArchiveErrorKind.InvalidFormat, err.Kind);
        Assert.Contains("losslessly", err.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "float.flac")));
    }

    [Fact]
    public void CancellationMidFileLeavesNoTempAndNoTarget()
    {
        string wav = Wav("long.wav", FlacTestSupport.Signal(400_000, 1, 16, 1));
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.FramesDone > 0) cts.Cancel(); });
        var archiver = new FlacArchiver(new FlacArchiveOptions());
        var job = Assert.Single(archiver.Plan(new[] { wav }));
        Assert.ThrowsAny<OperationCanceledException>(() => archiver.Convert(job, cts.Token, progress));
        Assert.False(File.Exists(job.TargetPath));
        AssertNoTempFiles();
    }

    [Theory]
    [InlineData("a_2026-11-22T10-15-30.wav", "a", 2026, 11, 22, 10, 15, 30, 0)]
    [InlineData("20261122T101530.wav", "", 2026, 11, 22, 10, 15, 30, 0)]
    [InlineData("dev 2026-11-22T10:15:30Z.wav", "dev", 2026, 11, 22, 10, 15, 30, 0)]
    [InlineData("rec-2026-11-22_10-15-30.250.wav", "rec", 2026, 11, 22, 10, 15, 30, 250)]
    [InlineData("x_20261122_101530.125Z.wav", "x", 2026, 11, 22, 10, 15, 30, 125)]
    public void TimestampsInFileNamesAreParsed(string name, string prefix, int y, int mo, int d, int h, int mi, int s, int ms)
    {
        Assert.True(RecordingTimestamp.TryParse(name, out var t, out var p));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s, ms), new DateTime(t.Ticks));
        Assert.Equal(prefix, p);
    }

    [Theory]
    [InlineData("clip.wav")]
    [InlineData("2026-13-22T10-15-30.wav")]
    [InlineData("id_00_00000000.wav")]
    public void NamesWithoutARealTimestampAreNotParsed(string name) => Assert.False(RecordingTimestamp.TryParse(name, out _, out _));

    private sealed class SyncProgress(Action<FlacArchiveProgress> a) : IProgress<FlacArchiveProgress>
    {
        public void Report(FlacArchiveProgress value) => a(value);
    }
}
