using Xunit;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Tests.Datasets;

public sealed class AudioFileCheckerTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly AudioFileChecker _checker = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ASpeechClipIsValidWithItsFormatAndLevels()
    {
        var r = _checker.Check(TestPaths.Fixture("speechcommands-mini", "bed", "0132a06d_nohash_0.wav"));
        Assert.True(r.IsValid, r.Detail);
        Assert.Equal("", r.Reason);
        Assert.Equal("WAV PCM 16-bit", r.Format);
        Assert.Equal(16000, r.SampleRate);
        Assert.Equal(1, r.Channels);
        Assert.Equal(0.5, r.Duration, 9);
        Assert.InRange(r.PeakDb, -60, 0);
        Assert.True(r.RmsDb < r.PeakDb);
    }

    [Fact]
    public void SineLevelsAreExact()
    {
        var r = _checker.Check(Signals.Write(_dir["sine.wav"], 16000, 1, Signals.Sine(1000, 1, 16000, 0.5)));
        Assert.Equal(20 * Math.Log10(0.5), r.PeakDb, 2);
        Assert.Equal(20 * Math.Log10(0.5 / Math.Sqrt(2)), r.RmsDb, 3);
    }

    [Fact]
    public void SilentClippedAndNonFiniteClipsAreReported()
    {
        var silent = _checker.Check(Signals.Write(_dir["silent.wav"], 16000, 1, new float[16000]));
        Assert.False(silent.IsValid);
        Assert.Equal("Silent", silent.Reason);

        var loud = Signals.Sine(200, 0.5, 16000, 2.0).Select(v => Math.Clamp(v, -1f, 1f)).ToArray();
        var clipped = _checker.Check(Signals.Write(_dir["clipped.wav"], 16000, 1, loud));
        Assert.Equal("Clipped", clipped.Reason);
        Assert.True(clipped.ClippedSamples > 1000);

        var nan = Signals.Sine(200, 0.5, 16000);
        nan[100] = float.NaN;
        nan[200] = float.PositiveInfinity;
        var bad = _checker.Check(Signals.Write(_dir["nan.wav"], 16000, 1, nan));
        Assert.Equal("NonFinite", bad.Reason);
        Assert.Contains("2 NaN or infinite", bad.Detail);
    }

    [Fact]
    public void TruncatedEmptyUnreadableAndWrongRateFilesAreReported()
    {
        var full = Signals.Write(_dir["full.wav"], 16000, 1, Signals.Sine(300, 1, 16000), WavSampleFormat.Pcm16);
        var bytes = File.ReadAllBytes(full);
        File.WriteAllBytes(_dir["cut.wav"], bytes[..(bytes.Length / 2)]);
        Assert.Equal("Truncated", _checker.Check(_dir["cut.wav"]).Reason);

        File.WriteAllBytes(_dir["zero.wav"], []);
        Assert.Equal("Empty", _checker.Check(_dir["zero.wav"]).Reason);
        Assert.Equal("Empty", _checker.Check(Signals.Write(_dir["noframes.wav"], 16000, 1, [])).Reason);

        File.WriteAllText(_dir["notes.wav"], "these are not samples");
        var text = _checker.Check(_dir["notes.wav"]);
        Assert.Equal("Unreadable", text.Reason);
        Assert.Contains("notes.wav", text.Detail);

        var strict = new AudioFileChecker(new AudioFileCheckOptions { ExpectedSampleRate = 44100 });
        Assert.Equal("WrongSampleRate", strict.Check(full).Reason);
    }
}
