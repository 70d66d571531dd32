namespace AcousticAnomaly.Models.Neural;

/// <summary>PyTorch's default initialisation of Linear and Conv layers (kaiming_uniform with a = sqrt(5) comes to
/// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the weight, the same bound for the bias), seeded so the same seed and data
/// give the same network. LSTM layers: every array U(-1/sqrt(hidden), 1/sqrt(hidden)), as torch.nn.LSTM.</summary>
public static class UniformInitializer
{
    public static void Initialise(IEnumerable<Layer> layers, int seed)
    {
        var rng = new Random(seed);
        foreach (var layer in layers)
        {
            if (layer is LstmLayer lstm)
            {
                Fill(rng, lstm.Parameters.Select(q => q.Value), 1.0 / Math.Sqrt(lstm.Hidden));
                continue;
            }
            (Parameter W, Parameter B, int FanIn)? p = layer switch
            {
                DenseLayer d => (d.Weight, d.Bias, d.InputSize),
                Conv2dLayer c => (c.Weight, c.Bias, c.KernelHeight * c.KernelWidth * c.InChannels),
                _ => null,
            };
            if (p is not { } q) continue;
            Fill(rng, [q.W.Value, q.B.Value], 1.0 / Math.Sqrt(q.FanIn));
        }
    }

    private static void Fill(Random rng, IEnumerable<float[]> arrays, double bound)
    {
        foreach (var array in arrays)
            for (int i = 0; i < array.Length; i++) array[i] = (float)((2 * rng.NextDouble() - 1) * bound);
    }
}
