using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Neural;

namespace AcousticAnomaly.Models.ConvAutoencoder;

/// <summary>
/// Trains a <see cref="ConvAutoencoderModel"/> with the shared neural layers: Conv1d(bands -> hidden) ReLU
/// Conv1d(hidden -> bottleneck) ReLU Conv1d(bottleneck -> hidden) ReLU Conv1d(hidden -> bands) Sigmoid, every
/// convolution over time with zero padding (the block keeps its length), mean squared error against the normalised
/// input, Adam. Weights start from PyTorch's default initialisation, seeded; blocks are shuffled each epoch, seeded.
/// </summary>
public sealed class ConvAutoencoderTrainer(ConvAutoencoderOptions options)
{
    private readonly ConvAutoencoderOptions _options = Validated(options);

    /// <summary>Mean training loss of each epoch of the last <see cref="Train"/>.</summary>
    public IReadOnlyList<double> EpochLosses { get; private set; } = [];

    /// <param name="blocks">Training blocks, frames x bands values each (frame-major).</param>
    /// <param name="frames">Frames per block.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <param name="epochs">Told after every epoch: its number and mean training loss (no blocks are held out).</param>
    public ConvAutoencoderModel Train(FeatureMatrix blocks, int frames, CancellationToken cancellationToken = default,
        IProgress<TrainingIteration>? epochs = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Rows == 0) throw new ArgumentException("No training blocks: every clip is shorter than one block.", nameof(blocks));
        if (frames <= 0 || blocks.Columns % frames != 0)
            throw new ArgumentException($"{blocks.Columns} values per block do not split into {frames} frames.", nameof(frames));
        int bands = blocks.Columns / frames, d = blocks.Columns;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in blocks.Data)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (!(max > min)) max = min + 1f; // silence: every value equal; any range keeps the division finite
        var network = new SequentialNetwork(Build(frames, bands, _options), _options.MaxDegreeOfParallelism);
        var model = new ConvAutoencoderModel(network, frames, bands, min, max);
        var data = new float[blocks.Data.Length];
        model.Normalise(blocks.Data, data);

        var adam = new AdamOptimizer(network.Parameters, _options.LearningRate);
        var rng = new Random(_options.Seed);
        var order = Enumerable.Range(0, blocks.Rows).ToArray();
        int maxBatch = Math.Min(_options.BatchSize, blocks.Rows);
        var batchInput = new float[maxBatch * d];
        var gradient = new float[maxBatch * d];
        var losses = new List<double>();
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            rng.Shuffle(order);
            double sum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += maxBatch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int batch = Math.Min(maxBatch, order.Length - start);
                for (int i = 0; i < batch; i++) data.AsSpan(order[start + i] * d, d).CopyTo(batchInput.AsSpan(i * d, d));
                var x = batchInput.AsSpan(0, batch * d);
                var y = network.Forward(x, batch, training: true);
                sum += MeanSquaredError.LossAndGradient(y, x, gradient.AsSpan(0, batch * d));
                network.Backward(x, gradient.AsSpan(0, batch * d), batch);
                adam.Step();
                batches++;
            }
            losses.Add(sum / batches);
            epochs?.Report(new TrainingIteration("Epoch", epoch + 1, _options.Epochs, losses[^1]));
        }
        EpochLosses = losses;
        return model;
    }

    /// <summary>The layers, initialised.</summary>
    public static IReadOnlyList<Layer> Build(int frames, int bands, ConvAutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int k = options.KernelSize, pad = k / 2, h = options.HiddenChannels, b = options.BottleneckChannels;
        var layers = options.Architecture == BlockAutoencoderArchitecture.Lstm ? LstmAutoencoder.LstmAutoencoderNetwork.Layers(frames, bands, h, b) : new List<Layer>
        {
            Conv2dLayer.Conv1d(frames, bands, h, k, pad), new ReluLayer(frames * h),
            Conv2dLayer.Conv1d(frames, h, b, k, pad), new ReluLayer(frames * b),
            Conv2dLayer.Conv1d(frames, b, h, k, pad), new ReluLayer(frames * h),
            Conv2dLayer.Conv1d(frames, h, bands, k, pad), new SigmoidLayer(frames * bands),
        };
        UniformInitializer.Initialise(layers, options.Seed);
        return layers;
    }

    private static ConvAutoencoderOptions Validated(ConvAutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
