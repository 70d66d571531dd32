using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Classifiers;

/// <summary>SpecAugment-style masking of training clips: one time band and one feature band set to the mean (0).</summary>
public sealed class SpecAugmentTests
{
    [Fact]
    public void MasksAtMostATenthOfTheFramesAndFifteenPercentOfTheBands()
    {
        const int Frames = 63, Bands = 40;
        var rng = new Random(1);
        bool sawTime = false, sawBand = false;
        for (int trial = 0; trial < 200; trial++)
        {
            var clip = Enumerable.Repeat(1f, Frames * Bands).ToArray();
            ClassifierTrainer.Mask(clip, Frames, Bands, rng);
            var zeroFrames = Enumerable.Range(0, Frames).Count(t => clip.AsSpan(t * Bands, Bands).IndexOfAnyExcept(0f) < 0);
            var zeroBands = Enumerable.Range(0, Bands).Count(b => Enumerable.Range(0, Frames).All(t => clip[t * Bands + b] == 0));
            Assert.InRange(zeroFrames, 0, Frames / 10);
            Assert.InRange(zeroBands, 0, Bands * 15 / 100);
            sawTime |= zeroFrames > 0;
            sawBand |= zeroBands > 0;
            // Every zero lies in a masked frame or a masked band.
            for (int t = 0; t < Frames; t++)
                for (int b = 0; b < Bands; b++)
                    if (clip[t * Bands + b] == 0)
                        Assert.True(clip.AsSpan(t * Bands, Bands).IndexOfAnyExcept(0f) < 0 || Enumerable.Range(0, Frames).All(u => clip[u * Bands + b] == 0));
        }
        Assert.True(sawTime && sawBand);
    }

    [Fact]
    public void TrainingWithMaskingRunsAndIsReproducible()
    {
        var rng = new Random(2);
        var settings = ClassifierOptions.DefaultFeatures(ClassifierArchitecture.Cnn1d) with { FixedFrames = 8 };
        int d = settings.VectorLength;
        var data = Enumerable.Range(0, 24 * d).Select(i => (float)(rng.NextDouble() + (i / d % 2))).ToArray();
        var labels = Enumerable.Range(0, 24).Select(i => i % 2).ToArray();
        var options = new ClassifierOptions { Architecture = ClassifierArchitecture.Cnn1d, Epochs = 3, Width = 8, BatchSize = 8, Seed = 5, SpecAugment = true };
        float[] Train() => new ClassifierTrainer(options).Train(new FeatureMatrix(data, 24, d), labels, ["a", "b"], settings)
            .PredictProbabilities(new FeatureMatrix(data, 24, d));
        Assert.Equal(Train(), Train());
    }
}
