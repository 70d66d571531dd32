using System.Diagnostics;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// A classifier .onnx loaded for use: ours (labels and feature settings from its "acoustic_classifier" metadata) or a
/// foreign one taking feature rows [N, D] (labels and feature settings supplied by the caller) or, with rawAudio, mono
/// samples [N, S] at the given sample rate (the YAMNet-style interface: a fixed S pads or truncates each chunk, a dynamic
/// S takes the chunk as it is). Reads the "probabilities" output when there is one, else the first float output,
/// applying softmax when the rows are not already probabilities (foreign models often end in logits). An "embedding"
/// output (ours have one) gives the penultimate activations the evaluation report's scatter shows.
/// </summary>
public sealed class AudioClassifier : IDisposable
{
    private readonly OnnxSession _session;
    private readonly string _input, _output;
    private readonly bool _softmax;
    private readonly FeatureExtractor _extractor;

    private AudioClassifier(string path, OnnxSession session, string input, string output, bool softmax, IReadOnlyList<string> labels,
        FeatureSettings features, ClassifierMetadata? metadata, int? rawSamples)
    {
        (Path, _session, _input, _output, _softmax, Labels, Features, Metadata) = (path, session, input, output, softmax, labels, features, metadata);
        _extractor = new FeatureExtractor(features, 1);
        (RawAudio, RawSamples) = (rawSamples is not null, rawSamples is > 0 ? rawSamples.Value : 0);
        HasEmbedding = session.Outputs.Any(o => o.Name == ClassifierOnnxExporter.EmbeddingOutput && o.ElementType == OnnxElementType.Float);
    }

    public string Path { get; }
    public IReadOnlyList<string> Labels { get; }
    public FeatureSettings Features { get; }
    public ClassifierMetadata? Metadata { get; }

    /// <summary>The model takes mono samples at <see cref="FeatureSettings.SampleRate"/> instead of feature rows.</summary>
    public bool RawAudio { get; }

    /// <summary>Samples per input row of a raw-audio model with a fixed input length; 0 = any length (or not raw audio).</summary>
    public int RawSamples { get; }

    /// <summary>The model has an "embedding" output (the penultimate layer's activations).</summary>
    public bool HasEmbedding { get; }

    /// <summary>The feature extractor of <see cref="Features"/> (the report's scatter and spectrograms use it).</summary>
    internal FeatureExtractor Extractor => _extractor;

    /// <param name="path">The .onnx file.</param>
    /// <param name="labels">Labels of a foreign model, in output order (ours carry theirs; giving others is an error).</param>
    /// <param name="features">Feature settings of a foreign model.</param>
    /// <param name="sessionOptions">ONNX Runtime session settings.</param>
    /// <param name="rawAudio">A foreign model whose input is mono samples [N, S] at the sample rate of
    /// <paramref name="features"/> rather than feature rows.</param>
    public static AudioClassifier Load(string path, IReadOnlyList<string>? labels = null, FeatureSettings? features = null,
        OnnxSessionOptions? sessionOptions = null, bool rawAudio = false)
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
                ?? throw new OnnxModelException(full, rawAudio ? "expected one float input of samples [N, S]" : "expected one float input of feature rows [N, D]");
            long width = input.Shape.Skip(1).Aggregate(1L, (a, d) => d > 0 ? a * d : a);
            int? rawSamples = null;
            if (rawAudio)
            {
                if (metadata is not null) throw new OnnxModelException(full, "the model is one of ours and takes feature rows, not raw audio");
                if (input.Shape.Count != 2) throw new OnnxModelException(full, $"a raw-audio model takes samples [N, S]; its input has {input.Shape.Count} dimensions");
                rawSamples = input.Shape[1] > 0 ? (int)input.Shape[1] : 0;
            }
            else if (width != settings.VectorLength)
                throw new OnnxModelException(full, $"the model expects {width} values per row but the feature settings ({settings.FeatureSet}) produce {settings.VectorLength}");
            var output = session.Outputs.FirstOrDefault(o => o.Name == ClassifierOnnxExporter.ProbabilitiesOutput)
                ?? session.Outputs.FirstOrDefault(o => o.ElementType == OnnxElementType.Float)
                ?? throw new OnnxModelException(full, "the model has no float output of class scores");
            long classes = output.Shape.Count == 2 ? output.Shape[1] : -1;
            if (classes > 0 && classes != useLabels.Count)
                throw new OnnxModelException(full, $"the model has {classes} classes but {useLabels.Count} labels were given");
            bool softmax = output.Name != ClassifierOnnxExporter.ProbabilitiesOutput;
            return new AudioClassifier(full, session, input.Name, output.Name, softmax, useLabels.ToArray(), settings, metadata, rawSamples);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Class probabilities [rows x labels] of raw feature rows (of a raw-audio model: rows of samples).</summary>
    public float[] PredictProbabilities(FeatureMatrix rows)
    {
        var p = RunModel(rows, _output);
        int k = Labels.Count;
        if (p.Length != rows.Rows * k) throw new OnnxModelException(Path, $"the model returned {p.Length} values for {rows.Rows} rows of {k} classes");
        if (_softmax && !LooksLikeProbabilities(p, k)) Neural.SoftmaxCrossEntropy.Softmax(p.ToArray(), p, rows.Rows, k);
        return p;
    }

    /// <summary>The "embedding" output [rows x E] of model input rows; null when the model has none.</summary>
    public float[]? PredictEmbeddings(FeatureMatrix rows) => HasEmbedding ? RunModel(rows, ClassifierOnnxExporter.EmbeddingOutput) : null;

    private float[] RunModel(FeatureMatrix rows, string output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var inputShape = _session.Inputs[0].Shape.Select((d, i) => i == 0 ? rows.Rows : d > 0 ? d : rows.Columns).ToArray();
        var outputs = _session.Run(new Dictionary<string, OnnxTensor> { [_input] = OnnxTensor.FromFloat(rows.Data, inputShape) }, [output]);
        return outputs[output].AsFloat();
    }

    /// <summary>
    /// The model's input row for mono samples at the feature sample rate: the feature row (several rows, as
    /// LogMelFrames gives, averaged into one) or, for a raw-audio model, the samples padded with zeros or truncated to
    /// its fixed length.
    /// </summary>
    public FeatureMatrix InputRow(ReadOnlySpan<float> mono)
    {
        if (!RawAudio)
        {
            var features = _extractor.Extract(mono);
            return features.Rows == 1 ? features : Average(features);
        }
        var row = new float[RawSamples > 0 ? RawSamples : Math.Max(1, mono.Length)];
        mono[..Math.Min(mono.Length, row.Length)].CopyTo(row);
        return new FeatureMatrix(row, 1, row.Length);
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
        int rate = Features.SampleRate;
        double steps = segmentSeconds is > 0 ? Math.Round(segmentSeconds.Value * rate) : 0;
        if (steps is >= 1 and <= int.MaxValue) return ClassifySegments(file, (int)steps);
        if (!RawAudio)
        {
            // One row per clip (the fixed-size and statistics sets): streamed, so a long file costs the frames the row
            // uses, not the whole file in memory (issue 15 item 13); equal to the whole-file row.
            var watch = Stopwatch.StartNew();
            using (var reader = AudioFile.Open(file))
            {
                if (StreamedClipVector.TryExtract(file, reader, _extractor, default) is { } clip)
                    return [Result(file, 0, clip.Vector, watch)];
            }
        }
        var mono = _extractor.ToMono(AudioFile.ReadAll(file));
        return [Classify(file, 0, mono)];
    }

    /// <summary>
    /// Consecutive segments of <paramref name="step"/> samples at the feature rate, the file streamed (issue 15 item 13):
    /// mixed and resampled block by block (<see cref="StreamedLogMel"/> computing no frames), so memory is one segment
    /// whatever the file's length, and every segment holds exactly the samples the whole-file read gave it.
    /// </summary>
    private List<ClassificationResult> ClassifySegments(string file, int step)
    {
        int rate = Features.SampleRate;
        long minimum = RawAudio ? 1 : _extractor.MinimumSamples;
        var results = new List<ClassificationResult>();
        var segment = new float[Math.Min(step, 1 << 20)];
        int filled = 0;
        long start = 0;
        using (var reader = AudioFile.Open(file))
        {
            StreamedLogMel.Run(file, reader, _extractor, _ => { }, maxFrames: 0, onSamples: samples =>
            {
                while (samples.Length > 0)
                {
                    int n = Math.Min(samples.Length, step - filled);
                    if (segment.Length < filled + n) Array.Resize(ref segment, (int)Math.Min(step, Math.Max(filled + n, 2L * segment.Length)));
                    samples[..n].CopyTo(segment.AsSpan(filled));
                    samples = samples[n..];
                    filled += n;
                    if (filled < step) continue;
                    results.Add(Classify(file, start / (double)rate, segment.AsSpan(0, step)));
                    (start, filled) = (start + step, 0);
                }
            });
        }
        // The last, shorter segment counts when it gives at least one frame (or is all the file holds).
        if (start == 0 || filled >= minimum && filled > 0) results.Add(Classify(file, start / (double)rate, segment.AsSpan(0, filled)));
        return results;
    }

    /// <summary>One result for mono samples at the feature sample rate (features + model timed together).</summary>
    public ClassificationResult Classify(string source, double offset, ReadOnlySpan<float> mono)
    {
        return Result(source, offset, InputRow(mono), Stopwatch.StartNew());
    }

    /// <summary>The result for one input row; <paramref name="watch"/> started before its features were computed.</summary>
    private ClassificationResult Result(string source, double offset, FeatureMatrix row, Stopwatch watch)
    {
        var p = PredictProbabilities(row);
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
