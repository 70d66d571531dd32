using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Models.Neural;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Classifiers;

/// <summary>The training-only regularisers: time shift, mixup, label smoothing, weight decay and learning-rate decay.</summary>
public sealed class ClassifierRegularisationTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(-3)]
    [InlineData(0)]
    public void ShiftMovesWholeFramesAndFillsWithTheMean(int frames)
    {
        const int Frames = 7, PerFrame = 3;
        var clip = Enumerable.Range(1, Frames * PerFrame).Select(i => (float)i).ToArray();
        var original = (float[])clip.Clone();
        ClassifierTrainer.Shift(clip, PerFrame, frames);
        for (int t = 0; t < Frames; t++)
            for (int j = 0; j < PerFrame; j++)
            {
                int source = t - frames;
                float expected = source is >= 0 and < Frames ? original[source * PerFrame + j] : 0f;
                Assert.Equal(expected, clip[t * PerFrame + j]);
            }
    }

    [Fact]
    public void SmoothedLossMatchesTheSoftTargetCrossEntropyAndItsGradient()
    {
        const int Rows = 3, K = 4;
        const double E = 0.1;
        float[] logits = [0.5f, -1f, 2f, 0.1f, 1.5f, 0.2f, -0.3f, 0f, -2f, 1f, 0.7f, 3f];
        int[] labels = [2, 0, 3];
        float[] weights = [1f, 2f, 0.5f, 1.5f];
        var grad = new float[Rows * K];
        double loss = SoftmaxCrossEntropy.LossAndGradient(logits, labels, weights, grad, Rows, K, E);

        // Direct: sum_r w[y_r] * -sum_j t_rj log softmax(z_r)_j / sum_r w[y_r], t = (1 - E) onehot + E / K.
        double Direct(float[] z)
        {
            double total = 0, weightSum = 0;
            for (int r = 0; r < Rows; r++)
            {
                var row = z.AsSpan(r * K, K).ToArray().Select(v => (double)v).ToArray();
                double max = row.Max(), logSum = Math.Log(row.Sum(v => Math.Exp(v - max))) + max;
                double ce = 0;
                for (int j = 0; j < K; j++) ce -= ((j == labels[r] ? 1 - E : 0) + E / K) * (row[j] - logSum);
                total += weights[labels[r]] * ce;
                weightSum += weights[labels[r]];
            }
            return total / weightSum;
        }
        Assert.Equal(Direct(logits), loss, 6);
        for (int i = 0; i < logits.Length; i++)
        {
            var plus = (float[])logits.Clone();
            var minus = (float[])logits.Clone();
            plus[i] += 1e-2f;
            minus[i] -= 1e-2f;
            Assert.Equal((Direct(plus) - Direct(minus)) / 2e-2, grad[i], 3);
        }
    }

    [Fact]
    public void SmoothingZeroIsThePlainCrossEntropy()
    {
        float[] logits = [0.5f, -1f, 2f, 1.5f, 0.2f, -0.3f];
        int[] labels = [1, 2];
        var a = new float[6];
        var b = new float[6];
        double plain = SoftmaxCrossEntropy.LossAndGradient(logits, labels, [], a, 2, 3);
        Assert.Equal(plain, SoftmaxCrossEntropy.LossAndGradient(logits, labels, [], b, 2, 3, 0));
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void BetaDrawsHaveTheBetaMeanAndVariance(double alpha)
    {
        var rng = new Random(3);
        var draws = Enumerable.Range(0, 20000).Select(_ => ClassifierTrainer.Beta(alpha, rng)).ToArray();
        Assert.All(draws, v => Assert.InRange(v, 0, 1));
        double mean = draws.Average(), variance = draws.Select(v => (v - mean) * (v - mean)).Average();
        // Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)).
        Assert.InRange(mean, 0.49, 0.51);
        Assert.InRange(variance, 0.95 / (4 * (2 * alpha + 1)), 1.05 / (4 * (2 * alpha + 1)));
    }

    [Theory]
    [InlineData(0.2, 0.0, 0.0, 0.0, false)]
    [InlineData(0.0, 0.4, 0.0, 0.0, false)]
    [InlineData(0.0, 0.0, 0.1, 0.05, true)]
    public void TrainingWithRegularisersIsReproducibleAndChangesTheModel(double shift, double mixup, double smoothing, double decay, bool rateDecay)
    {
        var rng = new Random(2);
        var settings = ClassifierOptions.DefaultFeatures(ClassifierArchitecture.Cnn1d) with { FixedFrames = 8 };
        int d = settings.VectorLength;
        var data = Enumerable.Range(0, 24 * d).Select(i => (float)(rng.NextDouble() + (i / d % 2))).ToArray();
        var labels = Enumerable.Range(0, 24).Select(i => i % 2).ToArray();
        var plain = new ClassifierOptions
        {
            Architecture = ClassifierArchitecture.Cnn1d, Epochs = 4, Patience = 2, Width = 8, BatchSize = 8, Seed = 5, TimeShift = 0, Mixup = 0,
        };
        var options = plain with { TimeShift = shift, Mixup = mixup, LabelSmoothing = smoothing, WeightDecay = decay, LearningRateDecay = rateDecay };
        float[] Train(ClassifierOptions o) => new ClassifierTrainer(o).Train(new FeatureMatrix(data, 24, d), labels, ["a", "b"], settings)
            .PredictProbabilities(new FeatureMatrix(data, 24, d));
        var once = Train(options);
        Assert.Equal(once, Train(options));
        Assert.NotEqual(Train(plain), once);
    }

    [Fact]
    public void DefaultsPerArchitecture()
    {
        // The measured choice (docs/benchmarks.md): Cnn1d by default, augmented CNNs train longer, the Mlp keeps 50 / 8.
        Assert.Equal(ClassifierArchitecture.Cnn1d, ClassifierOptions.Defaults.Architecture);
        foreach (var a in new[] { ClassifierArchitecture.Cnn1d, ClassifierArchitecture.Cnn2d })
            Assert.Equal(ClassifierOptions.Defaults with { Architecture = a }, ClassifierOptions.For(a));
        Assert.Equal((100, 16, 0.1, 0.2), (ClassifierOptions.Defaults.Epochs, ClassifierOptions.Defaults.Patience, ClassifierOptions.Defaults.TimeShift, ClassifierOptions.Defaults.Mixup));
        var mlp = ClassifierOptions.For(ClassifierArchitecture.Mlp);
        Assert.Equal((ClassifierArchitecture.Mlp, 50, 8), (mlp.Architecture, mlp.Epochs, mlp.Patience));
    }

    [Fact]
    public void TheMlpIsNotShifted()
    {
        var rng = new Random(4);
        var settings = ClassifierOptions.DefaultFeatures(ClassifierArchitecture.Mlp);
        int d = settings.VectorLength;
        var data = Enumerable.Range(0, 24 * d).Select(i => (float)(rng.NextDouble() + (i / d % 2))).ToArray();
        var labels = Enumerable.Range(0, 24).Select(i => i % 2).ToArray();
        var plain = new ClassifierOptions { Architecture = ClassifierArchitecture.Mlp, Epochs = 3, Width = 8, BatchSize = 8, Seed = 5, TimeShift = 0, Mixup = 0 };
        float[] Train(ClassifierOptions o) => new ClassifierTrainer(o).Train(new FeatureMatrix(data, 24, d), labels, ["a", "b"], settings)
            .PredictProbabilities(new FeatureMatrix(data, 24, d));
        Assert.Equal(Train(plain), Train(plain with { TimeShift = 0.2 }));
        Assert.NotEqual(Train(plain), Train(plain with { Mixup = 0.4 }));
    }

    [Theory]
    [InlineData(nameof(ClassifierOptions.TimeShift), 1.0)]
    [InlineData(nameof(ClassifierOptions.TimeShift), -0.1)]
    [InlineData(nameof(ClassifierOptions.Mixup), -1.0)]
    [InlineData(nameof(ClassifierOptions.LabelSmoothing), 1.0)]
    [InlineData(nameof(ClassifierOptions.WeightDecay), -0.01)]
    public void OutOfRangeValuesAreRefused(string name, double value)
    {
        var o = name switch
        {
            nameof(ClassifierOptions.TimeShift) => new ClassifierOptions { TimeShift = value },
            nameof(ClassifierOptions.Mixup) => new ClassifierOptions { Mixup = value },
            nameof(ClassifierOptions.LabelSmoothing) => new ClassifierOptions { LabelSmoothing = value },
            _ => new ClassifierOptions { WeightDecay = value },
        };
        var e = Assert.Throws<ArgumentException>(o.Validate);
        Assert.Equal(name, e.ParamName);
    }
}
