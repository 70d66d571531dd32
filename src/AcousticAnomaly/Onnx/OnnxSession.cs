using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// One ONNX model loaded into ONNX Runtime (CPU) through the Microsoft.ML.OnnxRuntime package. Thread-safety: ORT allows
/// concurrent Run calls on one session, and so does this class - several streams can score through one session.
/// Dispose may come while a Run is in progress: the native session is released when the last Run returns, and Run
/// after Dispose throws ObjectDisposedException.
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession _session;
    // 1 for the owner plus 1 per Run in progress; the native session is released when it reaches 0.
    private int _references = 1;
    private int _disposed;

    private OnnxSession(string path, InferenceSession session)
    {
        ModelPath = path;
        _session = session;
        Inputs = Describe(session.InputNames, session.InputMetadata);
        Outputs = Describe(session.OutputNames, session.OutputMetadata);
        CustomMetadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
    }

    public string ModelPath { get; }
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The model's metadata_props (ONNX Runtime's CustomMetadataMap), where <see cref="Models.ModelMetadata"/> lives.</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata { get; }

    /// <summary>The ONNX Runtime version actually loaded (loads the library if needed).</summary>
    public static string RuntimeVersion => OnnxRuntimeLibrary.Env.GetVersionString();

    /// <summary>
    /// Loads a model. A missing, unreadable or invalid file throws <see cref="OnnxModelException"/> naming the file and
    /// ORT's message; a missing native library throws <see cref="OnnxRuntimeException"/> listing where it looked.
    /// </summary>
    public static OnnxSession Open(string path, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new OnnxSessionOptions();
        if (options.IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(options), "IntraOpThreads must be >= 0.");
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new OnnxModelException(path, "model file not found.");

        _ = OnnxRuntimeLibrary.Env;
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            GraphOptimizationLevel = options.OptimizeGraph ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
            EnableCpuMemArena = options.CpuMemoryArena,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(full, sessionOptions);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException ex)
        {
            var ours = OnnxRuntimeException.From(ex);
            throw new OnnxModelException(path, $"ONNX Runtime cannot load the model: {ours.Message}", ours);
        }

        try
        {
            return new OnnxSession(path, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static List<OnnxValueInfo> Describe(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata)
    {
        var list = new List<OnnxValueInfo>(names.Count);
        foreach (var name in names)
        {
            var node = metadata[name];
            // Sequences and maps (e.g. skl2onnx's ZipMap probabilities) are listed but cannot be fetched here.
            list.Add(node.IsTensor
                ? new OnnxValueInfo(name, (OnnxElementType)(int)node.ElementDataType, node.Dimensions.Select(d => (long)d).ToArray())
                : new OnnxValueInfo(name, OnnxElementType.Undefined, Array.Empty<long>()));
        }
        return list;
    }

    /// <summary>Runs with a single input (the common case: one feature matrix) and returns every output.</summary>
    public IReadOnlyDictionary<string, OnnxTensor> Run(string inputName, OnnxTensor input) =>
        Run(new Dictionary<string, OnnxTensor> { [inputName] = input });

    /// <summary>
    /// Runs the model. inputs maps every graph input name to a Float, Double or Int64 tensor of a compatible shape;
    /// outputNames selects outputs (null = all). Returns the outputs by name, copied into managed arrays.
    /// </summary>
    public IReadOnlyDictionary<string, OnnxTensor> Run(IReadOnlyDictionary<string, OnnxTensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var outputs = outputNames ?? Outputs.Select(o => o.Name).ToList();
        ValidateInputs(inputs);
        foreach (var name in outputs)
            if (!Outputs.Any(o => o.Name == name))
                throw new ArgumentException($"{ModelPath}: the model has no output '{name}' (outputs: {string.Join(", ", Outputs.Select(o => o.Name))}).", nameof(outputNames));

        var names = new List<string>(inputs.Count);
        var values = new List<OrtValue>(inputs.Count);
        Acquire();
        try
        {
            foreach (var (name, tensor) in inputs)
            {
                names.Add(name);
                values.Add(ToOrtValue(tensor));
            }
            using var results = Translate(() => _session.Run(RunOptionsHolder.Default, names, values, outputs));
            var copied = new Dictionary<string, OnnxTensor>(outputs.Count, StringComparer.Ordinal);
            for (var i = 0; i < outputs.Count; i++) copied[outputs[i]] = CopyOutput(outputs[i], results[i]);
            return copied;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
            Release();
        }
    }

    /// <summary>
    /// Runs on tensors bound once (<see cref="OnnxFixedRun"/>): no managed allocation. Keeps the session alive for the
    /// call; errors name the model file.
    /// </summary>
    internal void RunWithBinding(OrtIoBinding binding)
    {
        Acquire();
        try
        {
            _session.RunWithBinding(RunOptionsHolder.Default, binding);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException ex)
        {
            throw RunFailed(ex);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>An IO binding on this session (for <see cref="OnnxFixedRun"/>).</summary>
    internal OrtIoBinding CreateIoBinding()
    {
        Acquire();
        try { return _session.CreateIoBinding(); }
        finally { Release(); }
    }

    private T Translate<T>(Func<T> run)
    {
        try { return run(); }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException ex) { throw RunFailed(ex); }
    }

    private OnnxRuntimeException RunFailed(Microsoft.ML.OnnxRuntime.OnnxRuntimeException ex)
    {
        var ours = OnnxRuntimeException.From(ex);
        return new OnnxRuntimeException(ours.ErrorCode, $"{ModelPath}: Run failed: {ours.Message}", ours);
    }

    private static OrtValue ToOrtValue(OnnxTensor tensor)
    {
        // The OrtValue pins the managed array for its lifetime; ORT reads it in place (no copy).
        var shape = tensor.Shape.ToArray();
        return tensor.RawData switch
        {
            float[] f => OrtValue.CreateTensorValueFromMemory(f, shape),
            double[] d => OrtValue.CreateTensorValueFromMemory(d, shape),
            long[] l => OrtValue.CreateTensorValueFromMemory(l, shape),
            _ => throw new ArgumentException($"{tensor.ElementType} tensors are not supported.", nameof(tensor)),
        };
    }

    private void ValidateInputs(IReadOnlyDictionary<string, OnnxTensor> inputs)
    {
        foreach (var (name, tensor) in inputs)
        {
            var info = Inputs.FirstOrDefault(i => i.Name == name)
                ?? throw new ArgumentException($"{ModelPath}: the model has no input '{name}' (inputs: {string.Join(", ", Inputs.Select(i => i.Name))}).", nameof(inputs));
            if (tensor.ElementType is not (OnnxElementType.Float or OnnxElementType.Int64 or OnnxElementType.Double))
                throw new ArgumentException($"{ModelPath}: input '{name}': {tensor.ElementType} tensors are not supported.", nameof(inputs));
            if (tensor.ElementType != info.ElementType)
                throw new ArgumentException($"{ModelPath}: input '{name}' expects {info.ElementType}, got {tensor.ElementType}.", nameof(inputs));
            var ok = tensor.Shape.Count == info.Shape.Count;
            for (var d = 0; ok && d < info.Shape.Count; d++) ok = info.Shape[d] < 0 || info.Shape[d] == tensor.Shape[d];
            if (!ok)
                throw new ArgumentException($"{ModelPath}: input '{name}' expects shape {info}, got [{string.Join(", ", tensor.Shape)}].", nameof(inputs));
        }
        foreach (var info in Inputs)
            if (!inputs.ContainsKey(info.Name))
                throw new ArgumentException($"{ModelPath}: input '{info.Name}' is missing.", nameof(inputs));
    }

    private OnnxTensor CopyOutput(string name, OrtValue value)
    {
        if (!value.IsTensor)
            throw new NotSupportedException($"{ModelPath}: output '{name}' is a {value.OnnxType}; only Float, Double and Int64 tensors can be read.");
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        return info.ElementDataType switch
        {
            TensorElementType.Float => OnnxTensor.FromFloat(value.GetTensorDataAsSpan<float>().ToArray(), shape),
            TensorElementType.Double => OnnxTensor.FromDouble(value.GetTensorDataAsSpan<double>().ToArray(), shape),
            TensorElementType.Int64 => OnnxTensor.FromInt64(value.GetTensorDataAsSpan<long>().ToArray(), shape),
            _ => throw new NotSupportedException($"{ModelPath}: output '{name}' is {info.ElementDataType}; only Float, Double and Int64 outputs can be read."),
        };
    }

    private void Acquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0 || Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(OnnxSession), $"{ModelPath}: the session is disposed.");
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return;
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) _session.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Release();
    }

    /// <summary>One shared RunOptions: it is only read by Run, and creating one needs the native library.</summary>
    private static class RunOptionsHolder
    {
        public static readonly RunOptions Default = new();
    }
}
