using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Autoencoder;
using Xunit;


namespace AcousticAnomaly.Tests.Models.Autoencoder;

public class AutoencoderTrainerTests
{
    private static float[] Uniform(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Rows near a 3-dimensional subspace of R^d: what an autoencoder with a small bottleneck can learn.</summary>
    private static FeatureMatrix LowRank(int rows, int d, Random rng, double[,] basis)
    {
        var m = new FeatureMatrix(rows, d);
        for (int r = 0; r < rows; r++)
        {
            double z0 = Gaussian(rng), z1 = Gaussian(rng), z2 = Gaussian(rng);
            for (int j = 0; j < d; j++)
                m.Data[r * d + j] = (float)(z0 * basis[0, j] + z1 * basis[1, j] + z2 * basis[2, j] + 0.05 * Gaussian(rng));
        }
        return m;
    }

    [Fact]
    public void Backprop_MatchesCentralFiniteDifferences()
    {
        const int rows = 8, d = 5;
        var options = new AutoencoderOptions(HiddenUnits: 6, BottleneckUnits: 3, HiddenLayers: 1, BatchSize: rows, Seed: 3);
        var net = new AutoencoderTrainer.Network(d, options);
        var x = new FeatureMatrix(Uniform(rows * d, 11), d);
        var batch = Enumerable.Range(0, rows).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        net.LoadBatch(x, batch);
        net.Forward(rows, parallel);
        net.Backward(rows, parallel);

        int checkedCount = 0;
        foreach (var layer in net.Layers)
        {
            var pairs = new List<(float[] Param, float[] Grad, string Name)> { (layer.W, (float[])layer.DW.Clone(), "W"), (layer.B, (float[])layer.DB.Clone(), "b") };
            if (layer.Hidden)
            {
                pairs.Add((layer.Gamma, (float[])layer.DGamma.Clone(), "gamma"));
                pairs.Add((layer.Beta, (float[])layer.DBeta.Clone(), "beta"));
            }
            foreach (var (param, grad, name) in pairs)
            {
                for (int i = 0; i < param.Length; i++)
                {
                    const float h = 1e-3f;
                    float saved = param[i];
                    param[i] = saved + h;
                    double plus = net.Forward(rows, parallel);
                    param[i] = saved - h;
                    double minus = net.Forward(rows, parallel);
                    param[i] = saved;
                    double numeric = (plus - minus) / (2 * h);
                    Assert.True(Math.Abs(numeric - grad[i]) <= 1e-3 + 1e-2 * Math.Abs(numeric),
                        $"layer {layer.In}x{layer.Out} {name}[{i}]: backprop {grad[i]}, finite difference {numeric}");
                    checkedCount++;
                }
            }
        }
        // 5x6 + 6x3 + 3x6 + 6x5 weights, biases and batch-norm parameters: every one was checked.
        Assert.Equal(30 + 6 + 12 + 18 + 3 + 6 + 18 + 6 + 12 + 30 + 5, checkedCount);
    }

    [Fact]
    public void LearnsStructure_LossFalls_AndTrainingLikeDataReconstructsBetterThanRandom()
    {
        const int d = 24;
        var rng = new Random(5);
        var basis = new double[3, d];
        for (int i = 0; i < 3; i++) for (int j = 0; j < d; j++) basis[i, j] = Gaussian(rng);
        var train = LowRank(1500, d, rng, basis);
        var options = new AutoencoderOptions(HiddenUnits: 32, BottleneckUnits: 4, HiddenLayers: 2, Epochs: 40, BatchSize: 64, Seed: 1);
        var model = new AutoencoderTrainer(options).Train(train);

        Assert.Equal(40, model.TrainingLoss.Count);
        Assert.Equal(40, model.ValidationLoss.Count);
        Assert.True(model.TrainingLoss[^1] < 0.3 * model.TrainingLoss[0], $"loss {model.TrainingLoss[0]} -> {model.TrainingLoss[^1]}");
        Assert.True(model.ValidationLoss[^1] < 0.3 * model.ValidationLoss[0], $"validation {model.ValidationLoss[0]} -> {model.ValidationLoss[^1]}");

        // Random vectors with the same per-value spread (each value's variance is sum_i basis[i,j]^2) but no structure.
        var fresh = LowRank(300, d, rng, basis);
        var random = new FeatureMatrix(300, d);
        for (int r = 0; r < 300; r++)
            for (int j = 0; j < d; j++)
                random.Data[r * d + j] = (float)(Gaussian(rng) * Math.Sqrt(basis[0, j] * basis[0, j] + basis[1, j] * basis[1, j] + basis[2, j] * basis[2, j]));
        double normalError = model.ReconstructionErrors(fresh).Average();
        double randomError = model.ReconstructionErrors(random).Average();
        Assert.True(normalError < 0.3 * randomError, $"normal {normalError} vs random {randomError}");
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalWeights_ForAnyThreadCount_AndAnotherSeedDiffers()
    {
        var x = new FeatureMatrix(Uniform(300 * 40, 2), 40);
        AutoencoderModel Train(int seed, int threads) =>
            new AutoencoderTrainer(new AutoencoderOptions(HiddenUnits: 32, BottleneckUnits: 4, HiddenLayers: 2, Epochs: 3, BatchSize: 48,
                Seed: seed, MaxDegreeOfParallelism: threads)).Train(x);
        var a = Train(7, 1);
        var b = Train(7, 2);
        var c = Train(8, 2);
        for (int l = 0; l < a.Layers.Count; l++)
        {
            Assert.Equal(a.Layers[l].Weights, b.Layers[l].Weights);
            Assert.Equal(a.Layers[l].Bias, b.Layers[l].Bias);
            Assert.Equal(a.Layers[l].BatchNorm?.MovingVariance, b.Layers[l].BatchNorm?.MovingVariance);
        }
        Assert.Equal(a.TrainingLoss, b.TrainingLoss);
        Assert.NotEqual(a.Layers[0].Weights, c.Layers[0].Weights);
    }

    [Fact]
    public void ValidationRows_AreTheLastRows_AsKeras()
    {
        // The first 90 rows are constant, the last 10 far away: training never sees the outliers, so validation loss
        // (on exactly those rows) stays far above training loss.
        var data = new float[100 * 8];
        for (int r = 90; r < 100; r++) for (int j = 0; j < 8; j++) data[r * 8 + j] = 50f;
        var model = new AutoencoderTrainer(new AutoencoderOptions(HiddenUnits: 8, BottleneckUnits: 2, HiddenLayers: 1, Epochs: 5, BatchSize: 16))
            .Train(new FeatureMatrix(data, 8));
        Assert.True(model.ValidationLoss[^1] > 100 * model.TrainingLoss[^1], $"{model.ValidationLoss[^1]} vs {model.TrainingLoss[^1]}");
    }

    [Fact]
    public void BadInput_IsRejectedWithTheReason()
    {
        var data = Uniform(20 * 4, 1);
        data[13] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => new AutoencoderTrainer(new AutoencoderOptions(Epochs: 1)).Train(new FeatureMatrix(data, 4)));
        Assert.Contains("Row 3, column 1 is NaN", ex.Message);
        Assert.Throws<ArgumentException>(() => new AutoencoderTrainer(new AutoencoderOptions(Epochs: 0)));
        Assert.Contains("none for training",
            Assert.Throws<ArgumentException>(() => new AutoencoderTrainer(new AutoencoderOptions(ValidationSplit: 0.5)).Train(new FeatureMatrix(Uniform(4, 1), 4))).Message);
    }
}
