using AcousticAnomaly.Cli;
using Xunit;

namespace AcousticAnomaly.Tests.Cli;

/// <summary>The CLI's CSV cells (issue 9 defect 10): times ISO 8601 with milliseconds, durations in seconds.</summary>
public sealed class CsvOutputTests
{
    [Fact]
    public void TimesAreIso8601WithMilliseconds()
    {
        var offset = new DateTimeOffset(2026, 12, 3, 20, 34, 0, 123, TimeSpan.Zero).AddTicks(4567);
        Assert.Equal("2026-12-03T20:34:00.123+00:00", CsvOutput.Format(offset));
        Assert.Equal("2026-12-03T20:34:00.123Z", CsvOutput.Format(offset.UtcDateTime));
        Assert.True(DateTimeOffset.TryParse(CsvOutput.Format(offset), out var back));
        Assert.Equal(offset.ToUnixTimeMilliseconds(), back.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void TimeSpansAreSeconds() => Assert.Equal("1.5", CsvOutput.Format(TimeSpan.FromSeconds(1.5)));
}
