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

    /// <summary>Class probabilities [rows x labels] of raw (unstandardised) feature rows, in inference mode.</summary>
    public float[] PredictProbabilities(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        int d = Network.InputSize, k = Labels.Count;
        if (features.Columns != d) throw new ArgumentException($"The model takes {d} features per row; got {features.Columns}.", nameof(features));
        var x = Standardise(features.Data, Mean, Scale);
        var result = new float[features.Rows * k];
        const int Chunk = 256;
        for (int start = 0; start < features.Rows; start += Chunk)
        {
            int rows = Math.Min(Chunk, features.Rows - start);
            var logits = Network.Forward(x.AsSpan(start * d, rows * d), rows, training: false);
            SoftmaxCrossEntropy.Softmax(logits, result.AsSpan(start * k, rows * k), rows, k);
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
