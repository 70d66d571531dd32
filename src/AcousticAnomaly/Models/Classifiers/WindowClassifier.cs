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
    private readonly OnnxSession _session;
    private readonly string _inputName, _outputName;
    private OnnxFixedRun _run;
    private readonly bool _softmax;
    private readonly float[] _probabilities;

    public WindowClassifier(AudioClassifier classifier, FeatureExtractor extractor, OnnxSession session, string input, string output, bool softmax)
    {
        _classifier = classifier;
        _extractor = extractor;
        _softmax = softmax;
        (_session, _inputName, _outputName) = (session, input, output);
        _workspace = extractor.CreateWorkspace();
        _probabilities = new float[classifier.Labels.Count];
        if (classifier.RawAudio)
        {
            // A raw-audio model of any input length gets its tensors at the first window's length (see Classify).
            _run = new OnnxFixedRun(session, input, [1, Math.Max(1, classifier.RawSamples)], output, [1, classifier.Labels.Count]);
            return;
        }
        int width = classifier.Features.VectorLength;
        var declared = session.Inputs.Single(i => i.Name == input).Shape;
        // One row: our graphs take [N, D]; a foreign CNN may declare [N, C, H, W] - keep its fixed inner dimensions.
        long[] inputShape = declared.Count > 1 && declared.Skip(1).All(d => d > 0) && declared.Skip(1).Aggregate(1L, (a, d) => a * d) == width
            ? declared.Select((d, i) => i == 0 ? 1L : d).ToArray()
            : [1, width];
        _run = new OnnxFixedRun(session, input, inputShape, output, [1, classifier.Labels.Count]);
    }

    /// <summary>Every class's probability for the last window, in label order (overwritten by the next one).</summary>
    public ReadOnlySpan<float> Probabilities => _probabilities;

    /// <summary>Classifies mono samples at the model's rate; returns the winning class index and its probability.</summary>
    public (int Label, float Probability) Classify(ReadOnlySpan<float> mono)
    {
        if (_classifier.RawAudio) CopySamples(mono);
        else CopyFeatures(mono);
        _run.Run();
        if (_softmax && !AudioClassifier.LooksLikeProbabilities(_run.Output, _probabilities.Length))
            SoftmaxCrossEntropy.Softmax(_run.Output, _probabilities, 1, _probabilities.Length);
        else _run.Output.AsSpan().CopyTo(_probabilities);
        int best = 0;
        for (int j = 1; j < _probabilities.Length; j++) if (_probabilities[j] > _probabilities[best]) best = j;
        return (best, _probabilities[best]);
    }

    /// <summary>Raw samples padded or truncated to a fixed input length; a model of any length is rebound once to the
    /// window's length (windows of a stream all have the same length, so this happens on the first one only).</summary>
    private void CopySamples(ReadOnlySpan<float> mono)
    {
        if (_classifier.RawSamples == 0 && _run.Input.Length != mono.Length && mono.Length > 0)
        {
            _run.Dispose();
            _run = new OnnxFixedRun(_session, _inputName, [1, mono.Length], _outputName, [1, _probabilities.Length]);
        }
        var row = _run.Input.AsSpan();
        int n = Math.Min(row.Length, mono.Length);
        mono[..n].CopyTo(row);
        row[n..].Clear();
    }

    private void CopyFeatures(ReadOnlySpan<float> mono)
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
    }

    public string LabelOf(int index) => _classifier.Labels[index];

    public void Dispose() => _run.Dispose();
}
