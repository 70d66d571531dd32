using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Models.Neural;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Neural;

/// <summary>What the PyTorch fixtures cannot pin down: random dropout masks, reproducibility, shape checks.</summary>
public sealed class LayerBehaviourTests
{
    [Fact]
    public void DropoutScalesKeptValuesAndRoutesGradientThroughTheSameMask()
    {
        var layer = new DropoutLayer(1000, 0.25, seed: 4);
        var x = Enumerable.Range(0, 1000).Select(i => 1f + i % 7).ToArray();
        var y = new float[1000];
        layer.Forward(x, y, 1, training: true);
        int dropped = y.Count(v => v == 0);
        Assert.InRange(dropped, 200, 300);
        for (int i = 0; i < 1000; i++) Assert.True(y[i] == 0 || Math.Abs(y[i] - x[i] / 0.75f) < 1e-5);
        var dy = Enumerable.Repeat(1f, 1000).ToArray();
        var dx = new float[1000];
        layer.Backward(x, y, dy, dx, 1, inputGradient: true);
        for (int i = 0; i < 1000; i++) Assert.Equal(y[i] == 0 ? 0f : 1f / 0.75f, dx[i], 5);
        layer.Forward(x, y, 1, training: false);
        Assert.Equal(x, y);
    }

    [Fact]
    public void SameSeedSameModel()
    {
        var rng = new Random(1);
        var x = new FeatureMatrix(Enumerable.Range(0, 40 * 80).Select(_ => (float)rng.NextDouble()).ToArray(), 40, 80);
        var y = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        var settings = ClassifierOptions.DefaultFeatures(ClassifierArchitecture.Mlp);
        var options = new ClassifierOptions { Architecture = ClassifierArchitecture.Mlp, Epochs = 3, Width = 8, Seed = 9 };
        var a = new ClassifierTrainer(options).Train(x, y, ["a", "b"], settings);
        var b = new ClassifierTrainer(options).Train(x, y, ["a", "b"], settings);
        Assert.Equal(a.Network.State.SelectMany(s => s), b.Network.State.SelectMany(s => s));
        var c = new ClassifierTrainer(options with { Seed = 10 }).Train(x, y, ["a", "b"], settings);
        Assert.NotEqual(a.Network.State.SelectMany(s => s), c.Network.State.SelectMany(s => s));
    }

    [Fact]
    public void MismatchedLayersAndInputsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new SequentialNetwork([new DenseLayer(4, 3), new DenseLayer(2, 2)]));
        var settings = ClassifierOptions.DefaultFeatures(ClassifierArchitecture.Cnn2d);
        var x = new FeatureMatrix(4, 10);
        var e = Assert.Throws<ArgumentException>(() => new ClassifierTrainer().Train(x, [0, 1, 0, 1], ["a", "b"], settings));
        Assert.Contains("expects", e.Message);
        Assert.Throws<ArgumentException>(() => new ClassifierOptions { Dropout = 1 }.Validate());
    }
}
