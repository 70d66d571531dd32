using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;
using AcousticAnomaly.Models.Neural;

namespace AcousticAnomaly.Models.Autoencoder;

/// <summary>
/// A trained dense autoencoder in inference mode (BatchNormalization uses the moving statistics): the reconstruction
/// of each input vector, and the anomaly score = mean squared reconstruction error per vector (the DCASE baseline's
/// score; a clip's score is the mean over its vectors). Computed in float like the exported ONNX graph.
/// </summary>
public sealed class AutoencoderModel
{
    /// <summary>Rows reconstructed at once: bounds scratch memory for long clips.</summary>
    private const int BatchRows = 4096;

    public AutoencoderModel(IReadOnlyList<AutoencoderLayer> layers, IReadOnlyList<double>? trainingLoss = null,
        IReadOnlyList<double>? validationLoss = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("An autoencoder needs at least one layer.", nameof(layers));
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i] ?? throw new ArgumentException($"Layer {i} is null.", nameof(layers));
            layer.Validate(i);
            if (i > 0 && layer.Inputs != layers[i - 1].Outputs)
                throw new ArgumentException($"Layer {i} takes {layer.Inputs} values but layer {i - 1} gives {layers[i - 1].Outputs}.", nameof(layers));
            if (i == layers.Count - 1 && layer.BatchNorm is not null)
                throw new ArgumentException("The output layer must be linear (no batch normalisation or ReLU).", nameof(layers));
            if (i < layers.Count - 1 && layer.BatchNorm is null)
                throw new ArgumentException($"Hidden layer {i} has no batch normalisation; every hidden layer is Dense -> BatchNorm -> ReLU.", nameof(layers));
        }
        if (layers[^1].Outputs != layers[0].Inputs)
            throw new ArgumentException($"The output has {layers[^1].Outputs} values but the input {layers[0].Inputs}; an autoencoder reconstructs its input.", nameof(layers));
        Layers = layers.ToArray();
        TrainingLoss = trainingLoss?.ToArray() ?? [];
        ValidationLoss = validationLoss?.ToArray() ?? [];
        _affine = Layers.Select(l => l.BatchNorm?.Affine()).ToArray();
    }

    private readonly (float[] Scale, float[] Shift)?[] _affine;

    public IReadOnlyList<AutoencoderLayer> Layers { get; }

    /// <summary>Values per input (and output) vector.</summary>
    public int InputLength => Layers[0].Inputs;

    /// <summary>Mean training loss (MSE) of each epoch, as Keras reports it; empty for a model not trained here.</summary>
    public IReadOnlyList<double> TrainingLoss { get; }

    /// <summary>Validation loss (MSE, inference mode) after each epoch; empty without a validation split.</summary>
    public IReadOnlyList<double> ValidationLoss { get; }

    /// <summary>The reconstruction of every row.</summary>
    public FeatureMatrix Reconstruct(FeatureMatrix vectors, int maxDegreeOfParallelism = -1)
    {
        CheckInput(vectors);
        var output = new FeatureMatrix(vectors.Rows, InputLength);
        ForEachBatch(vectors, maxDegreeOfParallelism, (start, rows, reconstruction) =>
            reconstruction.AsSpan(0, rows * InputLength).CopyTo(output.Data.AsSpan(start * InputLength)));
        return output;
    }

    /// <summary>Mean squared reconstruction error of every row (higher = more anomalous).</summary>
    public double[] ReconstructionErrors(FeatureMatrix vectors, int maxDegreeOfParallelism = -1)
    {
        CheckInput(vectors);
        var errors = new double[vectors.Rows];
        int d = InputLength;
        ForEachBatch(vectors, maxDegreeOfParallelism, (start, rows, reconstruction) =>
        {
            for (int r = 0; r < rows; r++)
                errors[start + r] = MeanSquaredError(vectors.Data.AsSpan((start + r) * d, d), reconstruction.AsSpan(r * d, d));
        });
        return errors;
    }

    internal static double MeanSquaredError(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = x[i] - y[i];
            sum += e * e;
        }
        return sum / x.Length;
    }

    private void CheckInput(FeatureMatrix vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Columns != InputLength)
            throw new ArgumentException($"Vectors have {vectors.Columns} values; the autoencoder expects {InputLength}.", nameof(vectors));
        FeatureMatrixChecks.ThrowIfNotFinite(vectors, nameof(vectors));
    }

    private void ForEachBatch(FeatureMatrix vectors, int maxDegreeOfParallelism, Action<int, int, float[]> consume)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        int widest = Layers.Max(l => l.Outputs);
        int batch = Math.Min(BatchRows, Math.Max(1, vectors.Rows));
        var ping = new float[batch * widest];
        var pong = new float[batch * widest];
        for (int start = 0; start < vectors.Rows; start += batch)
        {
            int rows = Math.Min(batch, vectors.Rows - start);
            ReadOnlySpan<float> input = vectors.Data.AsSpan(start * InputLength, rows * InputLength);
            float[] current = ping;
            for (int l = 0; l < Layers.Count; l++)
            {
                var layer = Layers[l];
                current = l % 2 == 0 ? ping : pong;
                var z = current.AsSpan(0, rows * layer.Outputs);
                for (int r = 0; r < rows; r++) layer.Bias.CopyTo(z.Slice(r * layer.Outputs, layer.Outputs));
                Gemm.Multiply(input, layer.Inputs, 1, layer.Weights, z, rows, layer.Inputs, layer.Outputs, accumulate: true, parallel);
                if (_affine[l] is var (scale, shift)) ScaleShiftRelu(z, scale, shift);
                input = z;
            }
            consume(start, rows, current);
        }
    }

    /// <summary>Inference BatchNormalization then ReLU, in place.</summary>
    internal static void ScaleShiftRelu(Span<float> z, float[] scale, float[] shift)
    {
        int n = scale.Length;
        for (int r = 0; r < z.Length; r += n)
        {
            var row = z.Slice(r, n);
            for (int j = 0; j < n; j++) row[j] = MathF.Max(row[j] * scale[j] + shift[j], 0f);
        }
    }
}
