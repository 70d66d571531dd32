using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Neural;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// A trained classifier in memory: the network, the per-feature standardisation it was trained behind, the labels in
/// output order and the feature settings. <see cref="ClassifierOnnxExporter"/> writes it as one .onnx file.
/// </summary>
public sealed class ClassifierModel
{
    public ClassifierModel(ClassifierArchitecture architecture, SequentialNetwork network, InputShape shape, float[] mean, float[] scale,
        IReadOnlyList<string> labels, FeatureSettings features, ClassifierSummary summary)
    {
        Architecture = architecture;
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Shape = shape;
        Mean = mean;
        Scale = scale;
        Labels = labels;
        Features = features;
        Summary = summary;
        if (mean.Length != network.InputSize || scale.Length != network.InputSize)
            throw new ArgumentException($"Normalisation has {mean.Length}/{scale.Length} values; the network takes {network.InputSize}.");
        if (labels.Count != network.OutputSize)
            throw new ArgumentException($"{labels.Count} labels for {network.OutputSize} outputs.", nameof(labels));
    }

    public ClassifierArchitecture Architecture { get; }
    public SequentialNetwork Network { get; }
    public InputShape Shape { get; }
    public float[] Mean { get; }
    public float[] Scale { get; }
    public IReadOnlyList<string> Labels { get; }
    public FeatureSettings Features { get; }
    public ClassifierSummary Summary { get; }

    /// <summary>Values per clip of the penultimate layer (the input of the final dense layer).</summary>
    public int EmbeddingSize => Network.Layers[^1].InputSize;

    /// <summary>Class probabilities [rows x labels] of raw (unstandardised) feature rows, in inference mode.</summary>
    public float[] PredictProbabilities(FeatureMatrix features) =>
        RunBatches(features, Labels.Count, (logits, _, rows, result) => SoftmaxCrossEntropy.Softmax(logits, result, rows, Labels.Count));

    /// <summary>
    /// The penultimate layer's activations [rows x <see cref="EmbeddingSize"/>] of raw feature rows, in inference mode:
    /// what the report's scatter shows (the space the final dense layer separates the labels in).
    /// </summary>
    public float[] PredictEmbeddings(FeatureMatrix features) =>
        RunBatches(features, EmbeddingSize, (_, network, rows, result) => network.Activation(network.Layers.Count - 2, rows).CopyTo(result));

    private delegate void BatchSink(ReadOnlySpan<float> logits, SequentialNetwork network, int rows, Span<float> result);

    /// <summary>Standardises the rows, runs them through the network in chunks and lets <paramref name="sink"/> fill
    /// <paramref name="width"/> values per row.</summary>
    private float[] RunBatches(FeatureMatrix features, int width, BatchSink sink)
    {
        ArgumentNullException.ThrowIfNull(features);
        int d = Network.InputSize;
        if (features.Columns != d) throw new ArgumentException($"The model takes {d} features per row; got {features.Columns}.", nameof(features));
        var x = Standardise(features.Data, Mean, Scale);
        var result = new float[features.Rows * width];
        const int Chunk = 256;
        for (int start = 0; start < features.Rows; start += Chunk)
        {
            int rows = Math.Min(Chunk, features.Rows - start);
            var logits = Network.Forward(x.AsSpan(start * d, rows * d), rows, training: false);
            sink(logits, Network, rows, result.AsSpan(start * width, rows * width));
        }
        return result;
    }

    internal static float[] Standardise(ReadOnlySpan<float> data, float[] mean, float[] scale)
    {
        var x = new float[data.Length];
        int d = mean.Length;
        for (int i = 0; i < x.Length; i++) x[i] = (data[i] - mean[i % d]) / scale[i % d];
        return x;
    }
}
