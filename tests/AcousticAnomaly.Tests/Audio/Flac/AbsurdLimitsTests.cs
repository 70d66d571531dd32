using AcousticAnomaly.Audio;
using AcousticAnomaly.Audio.Flac;
using Xunit;

namespace AcousticAnomaly.Tests.Audio.Flac;

/// <summary>
/// Issue 15 item 8: absurd durations and sample rates are refused up front with a clear message (exit code 2 in the
/// CLI), not an OverflowException or a run that allocates gigabytes. WAV rates are covered by the malformed corpus
/// (rate_1hz.wav, rate_10mhz.wav).
/// </summary>
public class AbsurdLimitsTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();
    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData("predict", "--segment", "1e12")]
    [InlineData("predict", "--segment", "NaN")]
    [InlineData("record", "--segment", "1e12")]
    [InlineData("record", "--duration", "-5")]
    [InlineData("watch", "--hop", "1e300")]
    public void AbsurdSecondsAreAUsageErrorNamingTheOption(string verb, string option, string value)
    {
        string wav = Path.Combine(_dir, "a.wav");
        FlacTestSupport.WriteWav(wav, FlacTestSupport.Signal(1600, 1, 16, 1), 16000, 1);
        string[] rest = verb switch
        {
            "predict" => ["--model", Path.Combine(_dir, "m.onnx"), wav],
            "record" => ["--device", "nothing", "--output-dir", _dir],
            _ => ["--device", "nothing", "--model", Path.Combine(_dir, "m.onnx")],
        };
        var (code, _, stderr) = CliRunner.Run([verb, option, value, .. rest]);
        Assert.Equal(2, code);
        Assert.Contains(option + " must be between 0 and", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }

    [Fact]
    public void AFlacDeclaringOneHertzIsRefusedAtOpen()
    {
        string path = Path.Combine(_dir, "slow.flac");
        using (var w = new FlacWriter(path, new FlacWriterOptions(1, 1, 16)))
        {
            w.Write(new int[4096]);
            w.Complete();
        }
        var e = Assert.Throws<AudioFileException>(() => AudioFile.Open(path));
        Assert.Contains("sample rate of 1 Hz, outside the supported 1000-768000 Hz", e.Message);
    }
}
