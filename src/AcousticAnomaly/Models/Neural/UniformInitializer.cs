namespace AcousticAnomaly.Models.Neural;

/// <summary>PyTorch's default initialisation of Linear and Conv layers (kaiming_uniform with a = sqrt(5) comes to
/// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the weight, the same bound for the bias), seeded so the same seed and data
/// give the same network.</summary>
public static class UniformInitializer
{
    public static void Initialise(IEnumerable<Layer> layers, int seed)
    {
        var rng = new Random(seed);
        foreach (var layer in layers)
        {
            (Parameter W, Parameter B, int FanIn)? p = layer switch
            {
                DenseLayer d => (d.Weight, d.Bias, d.InputSize),
                Conv2dLayer c => (c.Weight, c.Bias, c.KernelHeight * c.KernelWidth * c.InChannels),
                _ => null,
            };
            if (p is not { } q) continue;
            double bound = 1.0 / Math.Sqrt(q.FanIn);
            foreach (var array in new[] { q.W.Value, q.B.Value })
                for (int i = 0; i < array.Length; i++) array[i] = (float)((2 * rng.NextDouble() - 1) * bound);
        }
    }
}
