using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Neural;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// <see cref="AudioClassifier.Classify(string, double, ReadOnlySpan{float})"/> for one live stream classifying
/// same-length windows over and over: features go into a reused <see cref="FeatureWorkspace"/> and the model runs on one
/// input row bound once to fixed ONNX tensors (<see cref="OnnxFixedRun"/>), so a window allocates nothing managed once
/// warm and a watch can run for days without growing. Gives the same probabilities as the file path. One thread at a time.
/// </summary>
internal sealed class WindowClassifier : IDisposable
{
    private readonly AudioClassifier _classifier;
    private readonly FeatureExtractor _extractor;
    private readonly FeatureWorkspace _workspace;
    private readonly OnnxFixedRun _run;
    private readonly bool _softmax;
    private readonly float[] _probabilities;

    public WindowClassifier(AudioClassifier classifier, FeatureExtractor extractor, OnnxSession session, string input, string output, bool softmax)
    {
        _classifier = classifier;
        _extractor = extractor;
        _softmax = softmax;
        _workspace = extractor.CreateWorkspace();
        int width = classifier.Features.VectorLength;
        var declared = session.Inputs.Single(i => i.Name == input).Shape;
        // One row: our graphs take [N, D]; a foreign CNN may declare [N, C, H, W] - keep its fixed inner dimensions.
        long[] inputShape = declared.Count > 1 && declared.Skip(1).All(d => d > 0) && declared.Skip(1).Aggregate(1L, (a, d) => a * d) == width
            ? declared.Select((d, i) => i == 0 ? 1L : d).ToArray()
            : [1, width];
        _run = new OnnxFixedRun(session, input, inputShape, output, [1, classifier.Labels.Count]);
        _probabilities = new float[classifier.Labels.Count];
    }

    /// <summary>Every class's probability for the last window, in label order (overwritten by the next one).</summary>
    public ReadOnlySpan<float> Probabilities => _probabilities;

    /// <summary>Classifies mono samples at the model's rate; returns the winning class index and its probability.</summary>
    public (int Label, float Probability) Classify(ReadOnlySpan<float> mono)
    {
        var features = _extractor.Extract(mono, _workspace);
        var row = _run.Input.AsSpan();
        if (features.Rows == 1) features.Data.AsSpan(0, row.Length).CopyTo(row);
        else
        {
            // Several rows per window (LogMelFrames) are averaged into one, as the file path does.
            row.Clear();
            for (int r = 0; r < features.Rows; r++)
                for (int j = 0; j < row.Length; j++) row[j] += features[r, j] / features.Rows;
        }
        _run.Run();
        if (_softmax && !AudioClassifier.LooksLikeProbabilities(_run.Output, _probabilities.Length))
            SoftmaxCrossEntropy.Softmax(_run.Output, _probabilities, 1, _probabilities.Length);
        else _run.Output.AsSpan().CopyTo(_probabilities);
        int best = 0;
        for (int j = 1; j < _probabilities.Length; j++) if (_probabilities[j] > _probabilities[best]) best = j;
        return (best, _probabilities[best]);
    }

    public string LabelOf(int index) => _classifier.Labels[index];

    public void Dispose() => _run.Dispose();
}
