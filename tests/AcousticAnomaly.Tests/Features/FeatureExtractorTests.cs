using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using Xunit;

namespace AcousticAnomaly.Tests.Features;

/// <summary>Checks the extractor against tests/reference/features_reference.py (independent numpy/scipy float64 implementation).</summary>
public class FeatureExtractorTests
{
    private static readonly FeatureSettings Defaults = new();

    /// <summary>log-mel within 0.01 dB wherever the reference is above (peak - 80 dB); returns how many values were compared.</summary>
    private static int AssertLogMelClose(FeatureMatrix expected, FeatureMatrix actual)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        float peak = expected.Data.Max();
        int compared = 0;
        for (int i = 0; i < expected.Data.Length; i++)
        {
            if (expected.Data[i] < peak - 80) continue;
            compared++;
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 0.01,
                $"frame {i / expected.Columns} band {i % expected.Columns}: {actual.Data[i]} dB vs reference {expected.Data[i]} dB");
        }
        return compared;
    }

    [Theory]
    [InlineData("valve")]
    [InlineData("bldc")]
    public void LogMelMatchesReference(string clip)
    {
        var extractor = new FeatureExtractor(Defaults);
        var samples = FeatureReference.Samples(clip);
        var expected = FeatureReference.LogMel(clip);
        Assert.Equal(1 + samples.Length / 512, expected.Rows); // librosa's centred frame count

        var actual = extractor.LogMel(FeatureReference.MonoBuffer(samples));
        int compared = AssertLogMelClose(expected, actual);
        Assert.True(compared > expected.Data.Length * 9 / 10, $"only {compared} of {expected.Data.Length} values were above peak - 80 dB");
    }

    [Theory]
    [InlineData("valve")]
    [InlineData("bldc")]
    public void MfccMatchesReference(string clip)
    {
        var extractor = new FeatureExtractor(Defaults with { MfccCount = 20 });
        var expected = FeatureReference.Mfcc(clip);
        var actual = extractor.Mfcc(FeatureReference.Samples(clip));
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(20, actual.Columns);
        // MFCCs are dB-scaled sums over all 128 bands; float32 rounding of the log-mel gives ~3e-5 here, 1e-3 leaves margin.
        for (int i = 0; i < expected.Data.Length; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-3, $"value {i}: {actual.Data[i]} vs {expected.Data[i]}");
    }

    [Fact]
    public void LogMelFramesStackFiveFramesFrameMajor()
    {
        var extractor = new FeatureExtractor(Defaults);
        var samples = FeatureReference.Samples("valve");
        var logMel = extractor.LogMel(samples);
        var vectors = extractor.Extract(FeatureReference.MonoBuffer(samples));
        Assert.Equal(640, Defaults.VectorLength);
        Assert.Equal(logMel.Rows - 5 + 1, vectors.Rows);
        Assert.Equal(640, vectors.Columns);
        for (int t = 0; t < vectors.Rows; t++)
            for (int f = 0; f < 5; f++)
                for (int m = 0; m < 128; m++)
                    Assert.Equal(logMel[t + f, m], vectors[t, f * 128 + m]);
        // and the stacked values are the reference's
        var reference = FeatureReference.LogMel("valve");
        AssertLogMelClose(new FeatureMatrix(reference.Data.AsSpan(0, 640).ToArray(), 128), new FeatureMatrix(vectors.Row(0).ToArray(), 128));
    }

    [Theory]
    [InlineData("valve")]
    [InlineData("bldc")]
    public void LogMelStatsMatchReference(string clip)
    {
        var extractor = new FeatureExtractor(Defaults with { FeatureSet = FeatureSet.LogMelStats });
        var expected = FeatureReference.Stats(clip, "logmel_stats");
        var actual = extractor.Extract(FeatureReference.MonoBuffer(FeatureReference.Samples(clip)));
        Assert.Equal(1, actual.Rows);
        Assert.Equal(256, actual.Columns);
        for (int i = 0; i < 256; i++) Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= 1e-3, $"stat {i}: {actual.Data[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData("valve")]
    [InlineData("bldc")]
    public void MfccStatsMatchReference(string clip)
    {
        var extractor = new FeatureExtractor(Defaults with { FeatureSet = FeatureSet.MfccStats, MfccCount = 20 });
        var expected = FeatureReference.Stats(clip, "mfcc_stats");
        var actual = extractor.Extract(FeatureReference.Samples(clip));
        Assert.Equal(1, actual.Rows);
        Assert.Equal(40, actual.Columns);
        for (int i = 0; i < 40; i++) Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= 1e-3, $"stat {i}: {actual.Data[i]} vs {expected[i]}");
    }

    private static AudioBuffer StereoValveBldc()
    {
        var a = FeatureReference.Samples("valve");
        var b = FeatureReference.Samples("bldc");
        var interleaved = new float[a.Length * 2];
        for (int i = 0; i < a.Length; i++)
        {
            interleaved[2 * i] = a[i];
            interleaved[2 * i + 1] = b[i];
        }
        return new AudioBuffer(new AudioFormat(16000, 2, 16), interleaved);
    }

    [Theory]
    [InlineData(FeatureSet.LogMelFrames)]
    [InlineData(FeatureSet.LogMelStats)]
    [InlineData(FeatureSet.MfccStats)]
    public void WorkspaceGivesTheSameVectorsAsAFreshExtraction(FeatureSet set)
    {
        var extractor = new FeatureExtractor(new FeatureSettings { FeatureSet = set }, maxDegreeOfParallelism: 1);
        var rng = new Random(4);
        var a = Enumerable.Range(0, 16000).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, 16000).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var workspace = extractor.CreateWorkspace();

        var first = extractor.Extract(a, workspace);
        Assert.Equal(extractor.Extract(a).Data, first.Data);
        var second = extractor.Extract(b, workspace);
        Assert.Same(first, second); // same shape: the matrix is reused
        Assert.Equal(extractor.Extract(b).Data, second.Data);
        // A shorter window gets its own vectors, still exactly a fresh extraction's.
        var shorter = extractor.Extract(b.AsSpan(0, 12000), workspace);
        Assert.Equal(extractor.Extract(b.AsSpan(0, 12000)).Data, shorter.Data);
        // And a longer one again after it (buffers grow, nothing stale is read).
        Assert.Equal(extractor.Extract(a).Data, extractor.Extract(a, workspace).Data);
    }

    [Fact]
    public void WorkspaceAllocatesNothingOnceWarm()
    {
        var extractor = new FeatureExtractor(new FeatureSettings(), maxDegreeOfParallelism: 1);
        var window = Enumerable.Range(0, 160000).Select(i => (float)Math.Sin(i * 0.01)).ToArray();
        var workspace = extractor.CreateWorkspace();
        extractor.Extract(window, workspace);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++) extractor.Extract(window, workspace);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WorkspaceOfAnotherExtractorIsRefused()
    {
        var one = new FeatureExtractor(new FeatureSettings(), maxDegreeOfParallelism: 1);
        var other = new FeatureExtractor(new FeatureSettings(), maxDegreeOfParallelism: 1);
        Assert.Throws<ArgumentException>(() => one.Extract(new float[16000], other.CreateWorkspace()));
    }

    [Fact]
    public void SelectedChannelOfStereoMatchesThatChannelsReference()
    {
        var extractor = new FeatureExtractor(Defaults with { ChannelMode = ChannelMode.Select, Channel = 1 });
        AssertLogMelClose(FeatureReference.LogMel("bldc"), extractor.LogMel(StereoValveBldc()));
    }

    [Fact]
    public void AveragedStereoMatchesReferenceOfTheAverage()
    {
        var extractor = new FeatureExtractor(Defaults with { ChannelMode = ChannelMode.Average });
        AssertLogMelClose(FeatureReference.LogMel("average"), extractor.LogMel(StereoValveBldc()));
    }

    [Fact]
    public void SelectingAMissingChannelSaysHowManyThereAre()
    {
        var extractor = new FeatureExtractor(Defaults with { ChannelMode = ChannelMode.Select, Channel = 2 });
        var e = Assert.Throws<ArgumentException>(() => extractor.Extract(StereoValveBldc()));
        Assert.Contains("2 channel(s)", e.Message);
    }

    private static float[] Sine(int sampleRate, double hz, double seconds, double amplitude = 0.5)
    {
        var x = new float[(int)(sampleRate * seconds)];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / sampleRate));
        return x;
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(8000)]
    public void OtherSampleRatesAreResampledFirst(int rate)
    {
        // The same 1 kHz tone recorded at another rate must give (almost) the log-mel of the tone made at 16 kHz.
        var extractor = new FeatureExtractor(Defaults);
        var native = extractor.LogMel(Sine(16000, 1000, 1.0));
        var resampled = extractor.LogMel(new AudioBuffer(new AudioFormat(rate, 1, 16), Sine(rate, 1000, 1.0)));
        Assert.Equal(native.Rows, resampled.Rows);
        float peak = native.Data.Max();
        int peakBand = Enumerable.Range(0, 128).MaxBy(m => native[10, m]);
        Assert.Equal(peakBand, Enumerable.Range(0, 128).MaxBy(m => resampled[10, m]));
        // Interior frames only: both signals start and stop abruptly, and the resampler's kernel smears those edges.
        for (int t = 2; t < native.Rows - 2; t++)
            for (int m = 0; m < 128; m++)
                if (native[t, m] > peak - 60)
                    Assert.True(Math.Abs(native[t, m] - resampled[t, m]) <= 0.02, $"frame {t} band {m}: {resampled[t, m]} vs {native[t, m]}");
    }

    [Fact]
    public void StreamingSpanEntryEqualsBufferEntry()
    {
        var extractor = new FeatureExtractor(Defaults);
        var samples = FeatureReference.Samples("bldc");
        var window = samples.AsSpan(1000, 8192);
        var fromSpan = extractor.Extract(window);
        var fromBuffer = extractor.Extract(FeatureReference.MonoBuffer(window.ToArray()));
        Assert.Equal(fromBuffer.Data, fromSpan.Data);
        Assert.Equal(1 + 8192 / 512 - 4, fromSpan.Rows);
    }

    [Fact]
    public void ParallelAndSequentialGiveIdenticalBits()
    {
        // 10 s of signal: enough frames for the parallel path.
        var rng = new Random(3);
        var samples = new float[160000];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(rng.NextDouble() - 0.5);
        var parallel = new FeatureExtractor(Defaults, maxDegreeOfParallelism: -1).LogMel(samples);
        var sequential = new FeatureExtractor(Defaults, maxDegreeOfParallelism: 1).LogMel(samples);
        Assert.Equal(313, parallel.Rows);
        Assert.Equal(sequential.Data, parallel.Data);
    }

    [Fact]
    public void TooShortClipSaysHowLongItMustBe()
    {
        var extractor = new FeatureExtractor(Defaults);
        Assert.Equal(2048, extractor.MinimumSamples);
        var e = Assert.Throws<ClipTooShortException>(() => extractor.Extract(new float[2047]));
        Assert.Equal((2047L, 2048L, 16000), (e.ActualSamples, e.RequiredSamples, e.SampleRate));
        Assert.Contains("2048 samples", e.Message);
        Assert.Equal(1, extractor.Extract(new float[2048]).Rows);
    }

    [Fact]
    public void SilenceIsFloorNotNaN()
    {
        var logMel = new FeatureExtractor(Defaults).LogMel(new float[4096]);
        Assert.All(logMel.Data, v => Assert.Equal(10 * Math.Log10(FeatureExtractor.LogFloor), v, 4));
    }

    [Theory]
    [InlineData("HopLength")]
    [InlineData("MelBands")]
    [InlineData("FftSize")]
    [InlineData("Frames")]
    [InlineData("MfccCount")]
    [InlineData("FMax")]
    public void InvalidSettingsNameTheSetting(string setting)
    {
        var bad = setting switch
        {
            "HopLength" => Defaults with { HopLength = 0 },
            "MelBands" => Defaults with { MelBands = 0 },
            "FftSize" => Defaults with { FftSize = -4 },
            "Frames" => Defaults with { Frames = 0 },
            "MfccCount" => Defaults with { MfccCount = 129 },
            _ => Defaults with { FMax = 9000 },
        };
        var e = Assert.Throws<ArgumentException>(() => new FeatureExtractor(bad));
        Assert.Equal(setting, e.ParamName);
        Assert.Contains(setting, e.Message);
    }

    [Fact]
    public void NonPowerOfTwoFftSizeWorksThroughBluestein()
    {
        // 1000-point FFT takes MathNet's path; compare with a direct DFT of one frame.
        var spectrogram = new PowerSpectrogram(1000, 500);
        var x = Sine(16000, 1234, 0.25);
        var power = spectrogram.Compute(x);
        int t = 3, start = t * 500 - 500;
        for (int k = 0; k < 501; k += 37)
        {
            double re = 0, im = 0;
            for (int i = 0; i < 1000; i++)
            {
                double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / 1000);
                double v = x[start + i] * w;
                re += v * Math.Cos(2 * Math.PI * k * i / 1000);
                im -= v * Math.Sin(2 * Math.PI * k * i / 1000);
            }
            Assert.Equal(re * re + im * im, power[t][k], 1e-6 * Math.Max(1, re * re + im * im));
        }
    }

    [Fact]
    public void OwnRealFftEqualsDirectDft()
    {
        var spectrogram = new PowerSpectrogram(1024, 512);
        var rng = new Random(11);
        var x = new float[4096];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var power = spectrogram.Compute(x);
        int t = 4, start = t * 512 - 512;
        for (int k = 0; k <= 512; k++)
        {
            double re = 0, im = 0;
            for (int i = 0; i < 1024; i++)
            {
                double v = x[start + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / 1024));
                re += v * Math.Cos(2 * Math.PI * k * i / 1024);
                im -= v * Math.Sin(2 * Math.PI * k * i / 1024);
            }
            Assert.Equal(re * re + im * im, power[t][k], 1e-7 * Math.Max(1, re * re + im * im));
        }
    }

    [Theory]
    [InlineData("valve")]
    [InlineData("bldc")]
    public void WavFixtureThroughAudioFileGivesReferenceLogMel(string clip)
    {
        // The whole real path: 16-bit WAV -> AudioFile.ReadAll -> extractor, against the reference computed from int16 / 32768.
        var audio = AudioFile.ReadAll(Path.Combine(FeatureReference.Dir, clip + ".wav"));
        Assert.Equal(1, audio.Channels);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(FeatureReference.Samples(clip), audio.Samples);
        AssertLogMelClose(FeatureReference.LogMel(clip), new FeatureExtractor(Defaults).LogMel(audio));
    }
}

