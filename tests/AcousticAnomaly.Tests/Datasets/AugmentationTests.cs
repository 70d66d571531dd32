using Xunit;
using System.Text.Json;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Tests.Datasets;

/// <summary>Each augmentation against an independent computation (tests/reference/augmentation_reference.py) or its definition.</summary>
public sealed class AugmentationTests : IDisposable
{
    private const int Rate = 16000;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static AudioBuffer Input => AudioFile.ReadAll(TestPaths.Fixture("augmentation", "input.wav"));

    private static float[] Run(string recipe, float[] x, int seed = 1) =>
        Augmenter.Apply(new AudioBuffer(new AudioFormat(Rate, 1, 32, SampleEncoding.Float), x), AugmentationRecipe.Parse(recipe), seed).Samples;

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"sample {i}: {expected[i]} vs {actual[i]}");
    }

    [Theory]
    [InlineData("gain:db=-6", "gain_m6.wav")]
    [InlineData("reverse", "reverse.wav")]
    [InlineData("clip:level=0.5", "clip_0.5.wav")]
    public void MatchesNumpy(string recipe, string fixture) =>
        AssertClose(AudioFile.ReadAll(TestPaths.Fixture("augmentation", fixture)).Samples, Run(recipe, Input.Samples), 1e-6);

    [Fact]
    public void EqualiserResponseMatchesScipyFreqzOfTheCookbookBiquad()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("augmentation", "expected.json")));
        foreach (var eq in json.RootElement.GetProperty("eq").EnumerateArray())
        {
            var recipe = eq.GetProperty("recipe").GetString()!;
            var freqs = eq.GetProperty("freqs").EnumerateArray().Select(f => f.GetDouble()).ToArray();
            var db = eq.GetProperty("db").EnumerateArray().Select(f => f.GetDouble()).ToArray();
            for (int i = 0; i < freqs.Length; i++)
            {
                var tone = Signals.Sine(freqs[i], 0.5, Rate, 0.25);
                var y = Run(recipe, tone);
                double gain = 20 * Math.Log10(Signals.AmplitudeAt(y, freqs[i], Rate, Rate / 4) / 0.25);
                Assert.True(Math.Abs(gain - db[i]) < 0.05, $"{recipe} at {freqs[i]} Hz: {gain:F3} dB, scipy {db[i]:F3} dB");
            }
        }
    }

    [Fact]
    public void NoiseHasExactlyTheRequestedSnrAndRepeatsForTheSeed()
    {
        var x = Input.Samples;
        foreach (var snr in new[] { 0.0, 10, 30 })
        {
            var y = Run($"noise:snr={snr}", x);
            double signal = x.Sum(v => (double)v * v), noise = x.Select((v, i) => (double)(y[i] - v) * (y[i] - v)).Sum();
            Assert.Equal(snr, 10 * Math.Log10(signal / noise), 2);
        }
        Assert.Equal(Run("noise:snr=10", x, seed: 4), Run("noise:snr=10", x, seed: 4));
        Assert.NotEqual(Run("noise:snr=10", x, seed: 4), Run("noise:snr=10", x, seed: 5));
    }

    [Fact]
    public void StretchChangesDurationLikeSoxTempoAndKeepsThePitch()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("augmentation", "expected.json")));
        var tone = Signals.Sine(440, 1, Rate);
        foreach (var s in json.RootElement.GetProperty("stretch").EnumerateArray())
        {
            double factor = s.GetProperty("factor").GetDouble();
            var y = Run($"stretch:factor={factor}", tone);
            Assert.Equal(s.GetProperty("sox_frames").GetInt32(), y.Length);
            Assert.All(y[..^1].Chunk(400), block => Assert.InRange(block.Max(Math.Abs), 0.45, 0.55)); // full level throughout
            Assert.InRange(Signals.DominantFrequency(y[(y.Length / 4)..(3 * y.Length / 4)], Rate), 440 * 0.99, 440 * 1.01);
        }
    }

    [Fact]
    public void CompressorLowersLoudPassagesAndLeavesQuietOnes()
    {
        // A -6 dBFS tone, 14 dB over a -20 dB threshold at 4:1, should come out about 14 * (1 - 1/4) = 10.5 dB quieter.
        var loud = Run("compress:threshold=-20,ratio=4", Signals.Sine(300, 1, Rate, 0.5));
        double drop = 20 * Math.Log10(Signals.AmplitudeAt(loud, 300, Rate, Rate / 2) / 0.5);
        Assert.InRange(drop, -13, -8);
        var quiet = Run("compress:threshold=-20,ratio=4", Signals.Sine(300, 1, Rate, 0.02));
        Assert.InRange(20 * Math.Log10(Signals.AmplitudeAt(quiet, 300, Rate, Rate / 2) / 0.02), -0.5, 0.5);
    }

    [Fact]
    public void SilenceIsInsertedWhereTheSeedOrTheParameterSays()
    {
        var x = Input.Samples;
        var y = Run("silence:duration=0.1,at=0.05", x);
        Assert.Equal(x.Length + 1600, y.Length);
        Assert.Equal(x[..800], y[..800]);
        Assert.All(y[800..2400], v => Assert.Equal(0f, v));
        Assert.Equal(x[800..], y[2400..]);
        Assert.Equal(Run("silence", x, 9), Run("silence", x, 9));
    }

    [Fact]
    public void FrequencyMaskRemovesTheBandOnly()
    {
        var x = Signals.Sine(1000, 0.5, Rate, 0.3).Zip(Signals.Sine(3000, 0.5, Rate, 0.3), (a, b) => a + b).ToArray();
        var y = Run("freqmask:width=400,start=800", x);
        Assert.True(Signals.AmplitudeAt(y, 1000, Rate, 0) < 0.3e-3);
        Assert.Equal(0.3, Signals.AmplitudeAt(y, 3000, Rate, 0), 4);
    }

    [Fact]
    public void RecipesParseWithDefaultsAndNameEveryParameter()
    {
        Assert.Equal("noise-snr20", AugmentationRecipe.Parse("noise").Name);
        Assert.Equal("eq-freq2000-gain-6-q1", AugmentationRecipe.Parse("EQ:freq=2000,gain=-6").Name);
        Assert.Equal("gain-db-3+stretch-factor0.9", AugmentationRecipe.Parse("gain:db=-3 + stretch:factor=0.9").Name);
        Assert.Equal("compress-threshold-20-ratio4-attack0.01-release0.1", AugmentationRecipe.Parse("compress").Name);
        Assert.Equal(9, AugmentationStep.Defaults.Count);
        Assert.Contains("snr", Assert.Throws<ArgumentException>(() => AugmentationStep.Parse("noise:level=3")).Message);
        Assert.Throws<ArgumentException>(() => AugmentationStep.Parse("wobble"));
        Assert.Throws<ArgumentException>(() => AugmentationStep.Parse("clip:level=2"));
    }

    [Fact]
    public void AugmenterWritesTheTrainingSideOfASplitWithNamesAndSeeds()
    {
        var root = _dir.CopySpeechFixture();
        var manifest = _dir["split.csv"];
        new DatasetSplitter(new DatasetSplitOptions { GroupPattern = "^(?<group>[^_]+)_", ManifestPath = manifest, TrainFraction = 0.5, ValidationFraction = 0.5, TestFraction = 0 })
            .Split(root);
        var inputs = Augmenter.FromManifest(manifest);
        Assert.NotEmpty(inputs);
        Assert.All(inputs, i => Assert.Equal("train", i.Split));

        var augmenter = new Augmenter(new AugmentationOptions
        {
            Recipes = [AugmentationRecipe.Parse("noise:snr=15"), AugmentationRecipe.Parse("reverse")], Seed = 2, OutputDirectory = _dir["aug"],
        });
        var results = inputs.SelectMany(i => augmenter.Augment(i)).ToList();
        Assert.Equal(2 * inputs.Count, results.Count);
        var first = results[0];
        Assert.Equal(Path.Combine(_dir["aug"], first.Label, Path.GetFileNameWithoutExtension(first.SourcePath) + "__noise-snr15_s2.wav"), first.Path);
        Assert.EndsWith("__reverse.wav", results[1].Path);
        Assert.All(results, r => Assert.Equal(0.5, r.Duration, 9));
        Assert.All(results, r => Assert.Equal("WAV PCM 16-bit", new AudioFileChecker().Check(r.Path).Format));
        var again = new Augmenter(augmenter.Options with { Overwrite = true }).Augment(inputs[0]).ToList();
        Assert.Equal(first.Seed, again[0].Seed);
        Assert.Throws<IOException>(() => augmenter.Augment(inputs[0]).ToList());
    }
}
