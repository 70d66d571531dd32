using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models;

/// <summary>
/// Any anomaly model as one thing to score with: an ONNX session, the feature settings its input expects, a threshold,
/// and the rule that turns its graph outputs into a Score where higher = more anomalous. Works the same for our models
/// (which carry <see cref="ModelMetadata"/>), skl2onnx exports (a "scores" decision-function output) and PyTorch
/// autoencoders (the output is the reconstruction of the input).
/// </summary>
public sealed class AnomalyModel : IDisposable
{
    /// <summary>Rows per ONNX Run: bounds memory for hour-long clips while keeping per-call overhead negligible.</summary>
    // 1024 vectors (2.6 MB of 640-value input) per ONNX Runtime call: a 4096-row batch held the streamed whole-file
    // score ~6 MB above its 150 MB goal, and a Run's fixed cost is small next to 1024 vectors' scoring. The streamed
    // clip score batches alike, so its per-vector scores are identical.
    internal const int BatchRows = 1024;

    /// <summary>The per-vector error output of a <see cref="ScoreKind.ReconstructionError"/> model with several outputs.</summary>
    private const string ErrorOutput = "error";

    private readonly OnnxSession _session;
    private readonly string _inputName;
    private readonly string _outputName;

    private AnomalyModel(string path, OnnxSession session, ModelMetadata? metadata, FeatureSettings features,
        double threshold, ScoreKind kind, string inputName, string outputName, int inputLength)
    {
        Path = path;
        _session = session;
        Metadata = metadata;
        FeatureSettings = features;
        Threshold = threshold;
        ScoreKind = kind;
        _inputName = inputName;
        _outputName = outputName;
        InputLength = inputLength;
    }

    public string Path { get; }

    /// <summary>The file name, used as the Model column of results.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Our metadata, or null for a model made elsewhere.</summary>
    public ModelMetadata? Metadata { get; }

    public string Algorithm => Metadata?.Algorithm ?? "External";
    public FeatureSettings FeatureSettings { get; }

    /// <summary>Score &gt; Threshold means anomalous.</summary>
    public double Threshold { get; }

    public ScoreKind ScoreKind { get; }

    /// <summary>Clip pooling: null = the mean of the vector Scores, k = the mean of the k highest (<see cref="Models.ClipPooling"/>).</summary>
    public int? ClipTopK => Metadata?.ClipTopK;

    /// <summary>Values per input vector the graph expects.</summary>
    public int InputLength { get; }

    /// <summary>
    /// Opens a model. Every problem - missing file, not ONNX, an input the features cannot feed, settings that
    /// disagree with the model - is an <see cref="OnnxModelException"/> naming the file and what is wrong.
    /// </summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="overrides">Feature settings for a model made elsewhere, and a threshold that replaces the stored one.</param>
    /// <param name="sessionOptions">ONNX Runtime session settings; the live watcher asks for one intra-op thread so a
    /// stream's small per-hop batches do not wake (and spin) a thread pool on every core.</param>
    public static AnomalyModel Load(string path, ModelOverrides? overrides = null, OnnxSessionOptions? sessionOptions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        overrides ??= new ModelOverrides();
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new OnnxModelException(full, "model file not found");

        var session = OnnxSession.Open(full, sessionOptions);
        try
        {
            // The metadata comes from the session itself (ONNX Runtime's CustomMetadataMap): the file is parsed once.
            var metadata = ModelMetadata.FromMetadataProps(session.CustomMetadata, full);
            if (metadata is not null && overrides.FeatureSettings is not null && overrides.FeatureSettings != metadata.FeatureSettings)
                throw new OnnxModelException(full, "the model carries its own feature settings; feature parameters apply only to models made elsewhere");
            var features = metadata?.FeatureSettings ?? overrides.FeatureSettings ?? new FeatureSettings();

            var floatInputs = session.Inputs.Where(i => i.ElementType == OnnxElementType.Float && i.Shape.Count == 2).ToList();
            if (session.Inputs.Count != 1 || floatInputs.Count != 1)
                throw new OnnxModelException(full, $"expected one float input of shape [N, D]; the model has {Describe(session.Inputs)}");
            var input = floatInputs[0];
            var (kind, output) = ChooseOutput(full, session, metadata, input);
            CheckScoreShape(full, session.Outputs.First(o => o.Name == output), input, kind);

            var inputLength = input.Shape[1] > 0 ? (int)input.Shape[1] : features.VectorLength;
            if (inputLength != features.VectorLength)
                throw new OnnxModelException(full,
                    $"the model expects {inputLength} values per vector but the feature settings ({features.FeatureSet}, {features.MelBands} mel bands, {features.Frames} frames, {features.MfccCount} MFCCs) produce {features.VectorLength}");

            var threshold = overrides.Threshold ?? metadata?.Threshold ?? DefaultThreshold(kind);
            return new AnomalyModel(full, session, metadata, features, threshold, kind, input.Name, output, inputLength);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Per-vector Scores (higher = more anomalous) for row-major vectors of <see cref="InputLength"/> values.</summary>
    public double[] ScoreVectors(FeatureMatrix vectors) => ScoreVectors(vectors, out _);

    /// <summary>As above; <paramref name="outputShape"/> is the score output's shape when one float batch held every row.</summary>
    private double[] ScoreVectors(FeatureMatrix vectors, out long[]? outputShape)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Columns != InputLength)
            throw new ArgumentException($"vectors have {vectors.Columns} values; {Name} expects {InputLength}", nameof(vectors));
        outputShape = null;
        var scores = new double[vectors.Rows];
        for (int start = 0; start < vectors.Rows; start += BatchRows)
        {
            int rows = Math.Min(BatchRows, vectors.Rows - start);
            var batch = start == 0 && rows == vectors.Rows
                ? vectors.Data
                : vectors.Data.AsSpan(start * InputLength, rows * InputLength).ToArray();
            // Only the score output: an autoencoder's reconstruction would be copied out for nothing.
            var outputs = _session.Run(new Dictionary<string, OnnxTensor> { [_inputName] = OnnxTensor.FromFloat(batch, rows, InputLength) }, [_outputName]);
            var tensor = outputs[_outputName];
            var output = tensor.AsFloat();
            ToScores(output, batch, rows, scores.AsSpan(start, rows));
            if (rows == vectors.Rows && tensor.ElementType == OnnxElementType.Float) outputShape = tensor.Shape.ToArray();
        }
        return scores;
    }

    /// <summary>ScoreClip, also returning the output shape a <see cref="BindFixedRun"/> for these rows needs (or null).</summary>
    internal (double Score, long[]? OutputShape) ScoreClipWithShape(FeatureMatrix vectors)
    {
        var scores = ScoreVectors(vectors, out var shape);
        if (scores.Length == 0) throw new ArgumentException("a clip needs at least one feature vector", nameof(vectors));
        return (Models.ClipPooling.Pool(scores, ClipTopK), shape);
    }

    /// <summary>This model's input and score output bound to fixed tensors of <paramref name="rows"/> vectors.</summary>
    internal OnnxFixedRun BindFixedRun(int rows, long[] outputShape) =>
        new(_session, _inputName, [rows, InputLength], _outputName, outputShape);

    /// <summary>A scorer for one caller scoring same-shaped clips repeatedly without allocating (see <see cref="ClipScorer"/>).</summary>
    internal ClipScorer CreateClipScorer() => new(this);

    /// <summary>Clip score: the mean of the clip's vector Scores (DCASE), or the model's top-k mean.</summary>
    public double ScoreClip(FeatureMatrix vectors) => ScoreClipWithShape(vectors).Score;

    internal void ToScores(float[] output, float[] input, int rows, Span<double> destination)
    {
        // Shapes left dynamic in the graph are only known now: reading a wrongly shaped output would score from the
        // wrong values (or run off its end).
        long expected = ScoreKind == ScoreKind.Reconstruction ? (long)rows * InputLength : rows;
        if (output.Length != expected)
            throw new OnnxModelException(Path, $"returned {output.Length} values for {rows} input rows; expected " +
                (ScoreKind == ScoreKind.Reconstruction ? $"a reconstruction of {InputLength} values per row" : "one score per row"));
        FillScores(output, input, rows, destination);
        for (int r = 0; r < rows; r++)
        {
            if (!AnomalyDecision.CanDecide(destination[r]))
                throw new OnnxModelException(Path, $"gave a NaN score for input row {r}" +
                    (HasNonFinite(input.AsSpan(r * InputLength, InputLength)) ? " (its features are not finite)" : " from finite features") +
                    "; a NaN is neither normal nor anomalous, so it is not labelled");
        }
    }

    private static bool HasNonFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values) if (!float.IsFinite(v)) return true;
        return false;
    }

    private void FillScores(float[] output, float[] input, int rows, Span<double> destination)
    {
        switch (ScoreKind)
        {
            case ScoreKind.NegatedDecision:
                for (int r = 0; r < rows; r++) destination[r] = -output[r];
                break;
            case ScoreKind.Distance:
            case ScoreKind.ReconstructionError:
                for (int r = 0; r < rows; r++) destination[r] = output[r];
                break;
            case ScoreKind.Reconstruction:
                for (int r = 0; r < rows; r++)
                {
                    double sum = 0;
                    var x = input.AsSpan(r * InputLength, InputLength);
                    var y = output.AsSpan(r * InputLength, InputLength);
                    for (int i = 0; i < x.Length; i++)
                    {
                        double d = x[i] - y[i];
                        sum += d * d;
                    }
                    destination[r] = sum / InputLength;
                }
                break;
            default:
                throw new InvalidOperationException($"unknown score kind {ScoreKind}");
        }
    }

    /// <summary>
    /// Which output to read and how. Our metadata says it; otherwise the graph's shape tells: a "scores" output is a
    /// decision function (skl2onnx), an output shaped like the input is a reconstruction (autoencoder), and a single
    /// float column is taken as already "higher = more anomalous".
    /// </summary>
    private static (ScoreKind, string) ChooseOutput(string path, OnnxSession session, ModelMetadata? metadata, OnnxValueInfo input)
    {
        var floats = session.Outputs.Where(o => o.ElementType is OnnxElementType.Float or OnnxElementType.Double).ToList();
        var scores = floats.FirstOrDefault(o => o.Name == "scores");
        var kind = metadata?.ScoreKind;
        if (kind == ScoreKind.NegatedDecision || (kind is null && scores is not null))
        {
            if (scores is null) throw new OnnxModelException(path, $"the model's metadata says it has a 'scores' output, but its outputs are {Describe(session.Outputs)}");
            return (ScoreKind.NegatedDecision, scores.Name);
        }
        // An autoencoder of ours also outputs its reconstruction; the score is the graph's own "error" output.
        if (kind == ScoreKind.ReconstructionError && floats.FirstOrDefault(o => o.Name == ErrorOutput) is { } error)
            return (ScoreKind.ReconstructionError, error.Name);
        if (floats.Count != 1)
            throw new OnnxModelException(path, $"cannot tell which output is the anomaly score: outputs are {Describe(session.Outputs)} (expected 'scores', a reconstruction, or one float score)");
        var only = floats[0];
        bool sameShapeAsInput = only.Shape.Count == 2 && (only.Shape[1] == input.Shape[1] || (only.Shape[1] < 0 && input.Shape[1] < 0));
        if (kind is null) kind = sameShapeAsInput && input.Shape[1] != 1 ? ScoreKind.Reconstruction : ScoreKind.Distance;
        if (kind == ScoreKind.Reconstruction && !sameShapeAsInput)
            throw new OnnxModelException(path, $"a reconstruction output must have the input's shape {input}; it is {only}");
        return (kind.Value, only.Name);
    }

    /// <summary>
    /// A score output must give one value per input row ([N] or [N, 1]): a model with 10 outputs per row, or one row
    /// whatever the batch, is refused at load instead of being scored from the wrong values.
    /// </summary>
    private static void CheckScoreShape(string path, OnnxValueInfo output, OnnxValueInfo input, ScoreKind kind)
    {
        if (kind == ScoreKind.Reconstruction) return; // checked against the input's shape in ChooseOutput
        var s = output.Shape;
        if (!(s.Count == 1 || (s.Count == 2 && (s[1] == 1 || s[1] < 0))))
            throw new OnnxModelException(path, $"the score output {output} gives " +
                (s.Count == 2 ? $"{s[1]} values per row" : $"a rank-{s.Count} tensor") + "; a score output needs one value per input row ([N] or [N, 1])");
        if (s[0] >= 0 && s[0] != input.Shape[0])
            throw new OnnxModelException(path, $"the score output {output} always has {s[0]} rows but the input {input} " +
                (input.Shape[0] < 0 ? "takes any number" : $"takes {input.Shape[0]}") + "; a score output needs one row per input row");
    }

    /// <summary>Without a stored threshold: 0 on a decision function is scikit-learn's own predict rule.</summary>
    private static double DefaultThreshold(ScoreKind kind) => kind == ScoreKind.NegatedDecision ? 0.0 : double.NaN;

    private static string Describe(IEnumerable<OnnxValueInfo> values) => string.Join(", ", values.Select(v => v.ToString()));

    public void Dispose() => _session.Dispose();
}
