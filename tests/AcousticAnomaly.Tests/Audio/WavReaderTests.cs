using System.Text.Json;
using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

/// <summary>WavReader against libsndfile's readings of the same fixtures (tests/reference/wav_expected.py).</summary>
public class WavReaderTests
{
    private static readonly string AudioDir = Path.Combine(AppContext.BaseDirectory, "fixtures", "audio");

    private static readonly Dictionary<string, JsonElement> Expected =
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(Path.Combine(AudioDir, "wav-expected.json")))!;

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "audio"), "*.wav").Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Fact]
    public void EveryFixtureHasReferenceValues()
    {
        var files = Directory.GetFiles(AudioDir, "*.wav").Select(f => Path.GetFileName(f)!).Order().ToList();
        Assert.Equal(files, Expected.Keys.Order().ToList());
        Assert.True(files.Count >= 13);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FormatAndFrameCountMatchReference(string name)
    {
        var e = Expected[name];
        using var reader = WavReader.Open(Path.Combine(AudioDir, name));
        Assert.Equal(e.GetProperty("sampleRate").GetInt32(), reader.Format.SampleRate);
        Assert.Equal(e.GetProperty("channels").GetInt32(), reader.Format.Channels);
        Assert.Equal(e.GetProperty("bitsPerSample").GetInt32(), reader.Format.BitsPerSample);
        Assert.Equal(e.GetProperty("encoding").GetString(), reader.Format.Encoding.ToString());
        Assert.Equal(e.GetProperty("frames").GetInt64(), reader.TotalFrames);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FloatSamplesMatchReference(string name)
    {
        var e = Expected[name];
        var buffer = AudioFile.ReadAll(Path.Combine(AudioDir, name));
        Assert.Equal(e.GetProperty("frames").GetInt64(), buffer.Frames);

        var first = e.GetProperty("firstFloat").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(first, buffer.Samples.Take(first.Length).ToArray());

        double sum = 0, sumAbs = 0;
        foreach (var s in buffer.Samples) { sum += s; sumAbs += Math.Abs(s); }
        Assert.Equal(e.GetProperty("sumFloat").GetDouble(), sum, 1e-9);
        Assert.Equal(e.GetProperty("sumAbsFloat").GetDouble(), sumAbs, 1e-9);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void IntegerSamplesMatchReference(string name)
    {
        var e = Expected[name];
        using var reader = WavReader.Open(Path.Combine(AudioDir, name));
        if (!e.TryGetProperty("firstInt", out var firstInt))
        {
            Assert.Equal(SampleEncoding.Float, reader.Format.Encoding);
            Assert.Throws<NotSupportedException>(() => reader.ReadInt32(new int[reader.Format.Channels * 4]));
            return;
        }

        var all = new int[reader.TotalFrames * reader.Format.Channels];
        Assert.Equal(reader.TotalFrames, reader.ReadInt32(all));
        Assert.Equal(0, reader.ReadInt32(new int[reader.Format.Channels]));

        var first = firstInt.EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(first, all.Take(first.Length).ToArray());
        long sum = 0, squares = 0;
        foreach (var v in all) { sum += v; squares += (long)v * v; }
        Assert.Equal(e.GetProperty("sumInt").GetInt64(), sum);
        Assert.Equal(e.GetProperty("sumSquaresInt").GetInt64(), squares);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void SmallBlockReadsEqualReadAll(int framesPerBlock)
    {
        foreach (var name in new[] { "mimii_fan_8ch_extensible_0.25s.wav", "pcm24_stereo.wav", "pcm8_mono_odd.wav", "float64_mono.wav" })
        {
            var path = Path.Combine(AudioDir, name);
            var whole = AudioFile.ReadAll(path);
            using var reader = WavReader.Open(path);
            int ch = reader.Format.Channels;
            var streamed = new List<float>();
            var block = new float[framesPerBlock * ch];
            int n;
            while ((n = reader.Read(block)) > 0)
            {
                Assert.Equal(streamed.Count / ch + n, reader.Position);
                streamed.AddRange(block.AsSpan(0, n * ch).ToArray());
            }
            Assert.Equal(whole.Samples, streamed.ToArray());
            Assert.Equal(reader.TotalFrames, reader.Position);
        }
    }

    [Fact]
    public void DestinationThatIsNotAWholeFrameReadsOnlyWholeFrames()
    {
        using var reader = WavReader.Open(Path.Combine(AudioDir, "mimii_fan_8ch_extensible_0.25s.wav"));
        var dest = new float[8 * 3 + 5];
        Assert.Equal(3, reader.Read(dest));
        Assert.Throws<ArgumentException>(() => reader.Read(new float[7]));
    }

    [Fact]
    public void MimiiCutKeepsExtensibleHeaderAndChannelLayout()
    {
        var path = Path.Combine(AudioDir, "mimii_fan_8ch_extensible_0.25s.wav");
        var raw = File.ReadAllBytes(path);
        Assert.Equal(0xFFFE, BitConverter.ToUInt16(raw, 20)); // the format tag really is WAVE_FORMAT_EXTENSIBLE
        using var reader = WavReader.Open(path);
        Assert.Equal(new AudioFormat(16000, 8, 16, SampleEncoding.Pcm), reader.Format);
        Assert.Equal(4000, reader.TotalFrames);
        var frame = new int[8];
        reader.ReadInt32(frame);
        // First frame as bytes 0x50.. of the file: 0x0151, 0x0181, 0x012f, 0x010f, ...
        Assert.Equal(new[] { 0x0151, 0x0181, 0x012F, 0x010F }, frame.Take(4).ToArray());
    }

    [Fact]
    public void EightBitIsExposedAsSigned()
    {
        using var reader = WavReader.Open(Path.Combine(AudioDir, "pcm8_mono_odd.wav"));
        var v = new int[3];
        reader.ReadInt32(v);
        Assert.Equal(new[] { -128, 127, 0 }, v); // the generator pins -1, +1, 0 at the start
    }

    [Fact]
    public void Rf64IsRecognised()
    {
        using var reader = WavReader.Open(Path.Combine(AudioDir, "rf64_pcm16_stereo.wav"));
        Assert.True(reader.IsRf64);
        Assert.Equal(200, reader.TotalFrames);
    }
}
