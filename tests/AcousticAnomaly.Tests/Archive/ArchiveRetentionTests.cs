using System.Globalization;
using AcousticAnomaly.Archive;
using Xunit;

namespace AcousticAnomaly.Tests.Archive;

/// <summary>
/// Issue 15 item 16: retention holds a disk budget over a simulated 30 days of hourly recordings (generated files
/// named by their start, a fake clock), deleting archived FLACs oldest first, never unarchived WAVs or evidence.
/// </summary>
public sealed class ArchiveRetentionTests : IDisposable
{
    private const int WavBytes = 10_000, FlacBytes = 6_000;
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = FlacTestSupport.TempDir();
    private readonly string _evidence;

    public ArchiveRetentionTests()
    {
        _evidence = Path.Combine(_dir, "evidence");
        Directory.CreateDirectory(_evidence);
        EvidenceMarker.Mark(_evidence);
        // An evidence clip from the first day: older than any limit, yet kept.
        File.WriteAllBytes(Path.Combine(_evidence, Name(Day0, ".flac")), new byte[FlacBytes]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static string Name(DateTimeOffset start, string ext) =>
        "pump_" + start.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss.fff'Z'", CultureInfo.InvariantCulture) + ext;

    /// <summary>One simulated step: the archive turns the finished WAVs into FLACs, the recorder starts this hour's WAV.</summary>
    private void RecordHour(DateTimeOffset hour)
    {
        foreach (string finished in Directory.GetFiles(_dir, "*.wav"))
        {
            File.WriteAllBytes(Path.ChangeExtension(finished, ".flac"), new byte[FlacBytes]);
            File.Delete(finished);
        }
        File.WriteAllBytes(Path.Combine(_dir, Name(hour, ".wav")), new byte[WavBytes]);
    }

    private IReadOnlyList<RetentionItem> Apply(ArchiveRetention retention) =>
        retention.Plan(new[] { _dir }).Items.Select(ArchiveRetention.Remove).ToList();

    [Fact]
    public void ThirtyDaysOfHourlyFilesStayWithinTheSizeBudgetOldestFirst()
    {
        const long budget = 1_000_000; // room for ~165 hours of FLAC
        var clock = new FakeClock(Day0);
        var retention = new ArchiveRetention(new RetentionOptions { MaxSize = budget, Recurse = true }, clock);
        var deleted = new List<RetentionItem>();
        for (int h = 0; h < 30 * 24; h++)
        {
            clock.Now = Day0.AddHours(h);
            RecordHour(clock.Now);
            var plan = retention.Plan(new[] { _dir });
            deleted.AddRange(plan.Items.Select(ArchiveRetention.Remove));
            long onDisk = Directory.GetFiles(_dir).Sum(f => new FileInfo(f).Length); // evidence is outside the budget
            Assert.True(onDisk <= budget, $"hour {h}: {onDisk} bytes on disk, budget {budget}");
            Assert.True(File.Exists(Path.Combine(_dir, Name(clock.Now, ".wav"))), "the unarchived WAV was deleted");
        }
        Assert.NotEmpty(deleted);
        Assert.All(deleted, d => Assert.EndsWith(".flac", d.Path));
        Assert.All(deleted, d => Assert.Equal(RetentionReason.Size, d.Reason));
        // Oldest first: every deleted file started before every kept FLAC.
        var kept = Directory.GetFiles(_dir, "*.flac").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.True(StringComparer.Ordinal.Compare(Path.GetFileName(deleted[^1].Path), kept[0]) < 0);
        Assert.Equal(deleted.OrderBy(d => d.Start).Select(d => d.Path), deleted.Select(d => d.Path));
        Assert.Single(Directory.GetFiles(_evidence, "*.flac"));
    }

    [Fact]
    public void ThirtyDaysKeepOnlyTheLastWeekByAge()
    {
        var clock = new FakeClock(Day0);
        var retention = new ArchiveRetention(new RetentionOptions { KeepFor = TimeSpan.FromDays(7), Recurse = true }, clock);
        for (int h = 0; h < 30 * 24; h += 6)
        {
            clock.Now = Day0.AddHours(h);
            RecordHour(clock.Now);
            Assert.All(Apply(retention), d => Assert.Equal(RetentionReason.Age, d.Reason));
        }
        var oldest = Directory.GetFiles(_dir, "*.flac").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).First();
        Assert.True(RecordingTimestamp.TryParse(oldest, out var start, out _));
        Assert.True(clock.Now - new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)) <= TimeSpan.FromDays(7));
        Assert.Equal(7 * 4, Directory.GetFiles(_dir, "*.flac").Length);
        Assert.Single(Directory.GetFiles(_evidence, "*.flac"));
    }

    [Fact]
    public void EvidenceGoesOnlyWhenAskedAndWavsNever()
    {
        var clock = new FakeClock(Day0.AddDays(30));
        File.WriteAllBytes(Path.Combine(_dir, Name(Day0, ".wav")), new byte[WavBytes]); // never archived
        File.WriteAllBytes(Path.Combine(_dir, "." + Name(Day0, ".flac") + ".tmp"), new byte[FlacBytes]); // archive in progress
        var plan = new ArchiveRetention(new RetentionOptions { KeepFor = TimeSpan.FromDays(1), MaxSize = 0, Recurse = true }, clock).Plan(new[] { _dir });
        Assert.Empty(plan.Items);
        Assert.NotNull(plan.Warning);
        Assert.Contains("unarchived WAVs", plan.Warning);

        var withEvidence = new ArchiveRetention(new RetentionOptions { KeepFor = TimeSpan.FromDays(1), IncludeEvidence = true, Recurse = true }, clock).Plan(new[] { _dir });
        Assert.Equal(Path.Combine(_evidence, Name(Day0, ".flac")), Assert.Single(withEvidence.Items).Path);
    }
}
