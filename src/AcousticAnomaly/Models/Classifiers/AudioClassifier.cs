using System.Diagnostics;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// A classifier .onnx loaded for use: ours (labels and feature settings from its "acoustic_classifier" metadata) or a
/// foreign one taking feature rows [N, D] (labels and feature settings supplied by the caller). Reads the
/// "probabilities" output when there is one, else the first float output, applying softmax when the rows are not
/// already probabilities (foreign models often end in logits).
/// </summary>
public sealed class AudioClassifier : IDisposable
{
    private readonly OnnxSession _session;
    private readonly string _input, _output;
    private readonly bool _softmax;
    private readonly FeatureExtractor _extractor;

    private AudioClassifier(string path, OnnxSession session, string input, string output, bool softmax, IReadOnlyList<string> labels,
        FeatureSettings features, ClassifierMetadata? metadata)
    {
        (Path, _session, _input, _output, _softmax, Labels, Features, Metadata) = (path, session, input, output, softmax, labels, features, metadata);
        _extractor = new FeatureExtractor(features, 1);
    }

    public string Path { get; }
    public IReadOnlyList<string> Labels { get; }
    public FeatureSettings Features { get; }
    public ClassifierMetadata? Metadata { get; }

    /// <summary>The feature extractor of <see cref="Features"/> (the report's scatter and spectrograms use it).</summary>
    internal FeatureExtractor Extractor => _extractor;

    /// <param name="path">The .onnx file.</param>
    /// <param name="labels">Labels of a foreign model, in output order (ours carry theirs; giving others is an error).</param>
    /// <param name="features">Feature settings of a foreign model.</param>
    /// <param name="sessionOptions">ONNX Runtime session settings.</param>
    public static AudioClassifier Load(string path, IReadOnlyList<string>? labels = null, FeatureSettings? features = null,
        OnnxSessionOptions? sessionOptions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        var metadata = ClassifierMetadata.ReadFromModel(full);
        if (metadata is not null && labels is { Count: > 0 } && !labels.SequenceEqual(metadata.Labels))
            throw new OnnxModelException(full, "the model carries its own labels; -Labels applies only to models made elsewhere");
        var useLabels = metadata?.Labels ?? labels;
        if (useLabels is not { Count: >= 2 })
            throw new OnnxModelException(full, "the model has no classifier metadata; give its labels (-Labels) and feature settings");
        var settings = metadata?.FeatureSettings ?? features ?? new FeatureSettings();
        var session = OnnxSession.Open(full, sessionOptions);
        try
        {
            var input = session.Inputs.SingleOrDefault(i => i.ElementType == OnnxElementType.Float)
                ?? throw new OnnxModelException(full, "expected one float input of feature rows [N, D]");
            long width = input.Shape.Skip(1).Aggregate(1L, (a, d) => d > 0 ? a * d : a);
            if (width != settings.VectorLength)
                throw new OnnxModelException(full, $"the model expects {width} values per row but the feature settings ({settings.FeatureSet}) produce {settings.VectorLength}");
            var output = session.Outputs.FirstOrDefault(o => o.Name == ClassifierOnnxExporter.ProbabilitiesOutput)
                ?? session.Outputs.FirstOrDefault(o => o.ElementType == OnnxElementType.Float)
                ?? throw new OnnxModelException(full, "the model has no float output of class scores");
            long classes = output.Shape.Count == 2 ? output.Shape[1] : -1;
            if (classes > 0 && classes != useLabels.Count)
                throw new OnnxModelException(full, $"the model has {classes} classes but {useLabels.Count} labels were given");
            bool softmax = output.Name != ClassifierOnnxExporter.ProbabilitiesOutput;
            return new AudioClassifier(full, session, input.Name, output.Name, softmax, useLabels.ToArray(), settings, metadata);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Class probabilities [rows x labels] of raw feature rows.</summary>
    public float[] PredictProbabilities(FeatureMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var inputShape = _session.Inputs[0].Shape.Select((d, i) => i == 0 ? rows.Rows : d).ToArray();
        var outputs = _session.Run(new Dictionary<string, OnnxTensor> { [_input] = OnnxTensor.FromFloat(rows.Data, inputShape) }, [_output]);
        var p = outputs[_output].AsFloat();
        int k = Labels.Count;
        if (p.Length != rows.Rows * k) throw new OnnxModelException(Path, $"the model returned {p.Length} values for {rows.Rows} rows of {k} classes");
        if (_softmax && !LooksLikeProbabilities(p, k)) Neural.SoftmaxCrossEntropy.Softmax(p.ToArray(), p, rows.Rows, k);
        return p;
    }

    internal static bool LooksLikeProbabilities(float[] p, int k)
    {
        for (int r = 0; r < p.Length; r += k)
        {
            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                if (p[r + j] < 0) return false;
                sum += p[r + j];
            }
            if (Math.Abs(sum - 1) > 1e-3) return false;
        }
        return true;
    }

    /// <summary>
    /// Classifies a file whole, or in consecutive segments of <paramref name="segmentSeconds"/> (the last, shorter one
    /// kept when it gives at least one frame: the fixed-size feature sets pad it).
    /// </summary>
    public IReadOnlyList<ClassificationResult> Classify(string file, double? segmentSeconds = null)
    {
        var audio = AudioFile.ReadAll(file);
        var mono = _extractor.ToMono(audio);
        int rate = Features.SampleRate;
        int step = segmentSeconds is > 0 ? (int)Math.Round(segmentSeconds.Value * rate) : mono.Length;
        var results = new List<ClassificationResult>();
        for (int start = 0; start < mono.Length || start == 0; start += Math.Max(1, step))
        {
            int length = Math.Min(step, mono.Length - start);
            if (start > 0 && length < _extractor.MinimumSamples) break;
            results.Add(Classify(file, start / (double)rate, mono.AsSpan(start, length)));
            if (step <= 0) break;
        }
        return results;
    }

    /// <summary>One result for mono samples at the feature sample rate (features + model timed together).</summary>
    public ClassificationResult Classify(string source, double offset, ReadOnlySpan<float> mono)
    {
        var watch = Stopwatch.StartNew();
        var features = _extractor.Extract(mono);
        var p = PredictProbabilities(features.Rows == 1 ? features : Average(features));
        watch.Stop();
        int best = 0;
        for (int j = 1; j < p.Length; j++) if (p[j] > p[best]) best = j;
        var all = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int j = 0; j < Labels.Count; j++) all[Labels[j]] = p[j];
        return new ClassificationResult(source, offset, Labels[best], p[best], all, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>A feature set with several rows per clip (LogMelFrames) is averaged into one row.</summary>
    private static FeatureMatrix Average(FeatureMatrix m)
    {
        var row = new float[m.Columns];
        for (int r = 0; r < m.Rows; r++)
            for (int j = 0; j < m.Columns; j++) row[j] += m[r, j] / m.Rows;
        return new FeatureMatrix(row, 1, m.Columns);
    }

    /// <summary>A classifier of same-length windows for one live stream that allocates nothing per window (see
    /// <see cref="WindowClassifier"/>).</summary>
    internal WindowClassifier CreateWindowClassifier() => new(this, _extractor, _session, _input, _output, _softmax);

    public void Dispose() => _session.Dispose();
}
