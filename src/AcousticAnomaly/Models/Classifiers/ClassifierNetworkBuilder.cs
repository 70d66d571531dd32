using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Neural;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>The input shape a network sees: channel-last [Height][Width][Channels]; Mlp inputs are [1][1][D].</summary>
public readonly record struct InputShape(int Height, int Width, int Channels)
{
    public int Size => Height * Width * Channels;

    /// <summary>How a feature vector of these settings is laid out for an architecture.</summary>
    public static InputShape For(ClassifierArchitecture architecture, FeatureSettings settings) => architecture switch
    {
        ClassifierArchitecture.Mlp => new(1, 1, settings.VectorLength),
        ClassifierArchitecture.Cnn1d => new(settings.FixedFrames, 1, settings.VectorLength / settings.FixedFrames),
        ClassifierArchitecture.Cnn2d => new(settings.FixedFrames, settings.VectorLength / settings.FixedFrames, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };
}

/// <summary>
/// The layer stacks of the three architectures. Each convolution block is Conv (3 wide, same padding) -> BatchNorm ->
/// ReLU -> 2x max pooling; the last block is pooled globally so the dense head does not depend on the clip length.
/// Weights start as PyTorch's defaults do: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for kernels and biases.
/// </summary>
public static class ClassifierNetworkBuilder
{
    public static IReadOnlyList<Layer> Build(ClassifierArchitecture architecture, InputShape shape, int classes, ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (classes < 2) throw new ArgumentException($"A classifier needs at least two labels (got {classes}).", nameof(classes));
        var layers = new List<Layer>();
        int w = options.Width, seed = options.Seed;
        if (architecture == ClassifierArchitecture.Mlp)
        {
            int d = shape.Size;
            foreach (var units in new[] { 2 * w, w })
            {
                layers.Add(new DenseLayer(d, units));
                layers.Add(new BatchNormLayer(units, units));
                layers.Add(new ReluLayer(units));
                if (options.Dropout > 0) layers.Add(new DropoutLayer(units, options.Dropout, seed + layers.Count));
                d = units;
            }
            layers.Add(new DenseLayer(d, classes));
        }
        else
        {
            bool twoD = architecture == ClassifierArchitecture.Cnn2d;
            int h = shape.Height, wd = shape.Width, c = shape.Channels;
            int[] widths = twoD ? [w / 4, w / 2, w] : [w / 2, w, w];
            for (int block = 0; block < widths.Length; block++)
            {
                int filters = widths[block];
                var conv = twoD ? new Conv2dLayer(h, wd, c, filters, 3, 3, 1, 1) : Conv2dLayer.Conv1d(h, c, filters, 3, 1);
                layers.Add(conv);
                layers.Add(new BatchNormLayer(conv.OutputSize, filters));
                layers.Add(new ReluLayer(conv.OutputSize));
                c = filters;
                if (block == widths.Length - 1)
                {
                    layers.Add(PoolLayer.GlobalAverage(h, wd, c));
                    break;
                }
                var pool = new PoolLayer(PoolMode.Max, h, wd, c, h >= 2 ? 2 : 1, twoD && wd >= 2 ? 2 : 1);
                layers.Add(pool);
                (h, wd) = (pool.OutputHeight, pool.OutputWidth);
            }
            if (options.Dropout > 0) layers.Add(new DropoutLayer(c, options.Dropout, seed + layers.Count));
            layers.Add(new DenseLayer(c, classes));
        }
        Initialise(layers, seed);
        return layers;
    }

    private static void Initialise(IEnumerable<Layer> layers, int seed) => UniformInitializer.Initialise(layers, seed);
}
