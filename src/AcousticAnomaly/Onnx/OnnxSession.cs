using System.Runtime.InteropServices;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// One ONNX model loaded into ONNX Runtime (CPU). Thread-safety: ORT allows concurrent Run calls on one session, and so
/// does this class - several streams can score through one session. Dispose only after every Run has returned; a Run
/// still in progress keeps the native session alive (SafeHandle reference), and Run after Dispose throws
/// ObjectDisposedException.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtSessionHandle _session;

    private OnnxSession(string path, OrtSessionHandle session, IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs)
    {
        ModelPath = path;
        _session = session;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string ModelPath { get; }
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The ONNX Runtime version actually loaded (loads the library if needed).</summary>
    public static string RuntimeVersion => OrtApi.Version;

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

        var env = OrtProcess.Env;
        using var opts = new OrtSessionOptionsHandle(OrtApi.CreateSessionOptions());
        OrtApi.SetIntraOpNumThreads(opts.DangerousGetHandle(), options.IntraOpThreads);
        OrtApi.SetGraphOptimizationLevel(opts.DangerousGetHandle(), options.OptimizeGraph ? 99 : 0);
        if (!options.CpuMemoryArena) OrtApi.DisableCpuMemArena(opts.DangerousGetHandle());

        // ORTCHAR_T is wchar_t (UTF-16) on Windows and char (UTF-8) elsewhere.
        var nativePath = OperatingSystem.IsWindows() ? Marshal.StringToHGlobalUni(full) : Marshal.StringToCoTaskMemUTF8(full);
        OrtSessionHandle session;
        try
        {
            session = new OrtSessionHandle(OrtApi.CreateSession(env.DangerousGetHandle(), nativePath, opts.DangerousGetHandle()));
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxModelException(path, $"ONNX Runtime cannot load the model: {ex.Message}", ex);
        }
        finally
        {
            if (OperatingSystem.IsWindows()) Marshal.FreeHGlobal(nativePath); else Marshal.FreeCoTaskMem(nativePath);
        }

        try
        {
            var s = session.DangerousGetHandle();
            return new OnnxSession(path, session, Describe(s, output: false), Describe(s, output: true));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static List<OnnxValueInfo> Describe(IntPtr session, bool output)
    {
        var count = (int)OrtApi.SessionGetCount(session, output);
        var list = new List<OnnxValueInfo>(count);
        for (var i = 0; i < count; i++)
        {
            var name = OrtApi.SessionGetName(session, (nuint)i, output);
            var typeInfo = OrtApi.SessionGetTypeInfo(session, (nuint)i, output);
            try
            {
                if (OrtApi.GetOnnxTypeFromTypeInfo(typeInfo) != 1)
                {
                    // Sequences and maps (e.g. skl2onnx's ZipMap probabilities) are listed but cannot be fetched here.
                    list.Add(new OnnxValueInfo(name, OnnxElementType.Undefined, Array.Empty<long>()));
                    continue;
                }
                var tensorInfo = OrtApi.CastTypeInfoToTensorInfo(typeInfo);
                list.Add(new OnnxValueInfo(name, (OnnxElementType)OrtApi.GetTensorElementType(tensorInfo), OrtApi.GetDimensions(tensorInfo)));
            }
            finally
            {
                OrtApi.ReleaseTypeInfo(typeInfo);
            }
        }
        return list;
    }

    /// <summary>Runs with a single input (the common case: one feature matrix) and returns every output.</summary>
    public IReadOnlyDictionary<string, OnnxTensor> Run(string inputName, OnnxTensor input) =>
        Run(new Dictionary<string, OnnxTensor> { [inputName] = input });

    /// <summary>
    /// Runs the model. inputs maps every graph input name to a Float or Int64 tensor of a compatible shape;
    /// outputNames selects outputs (null = all). Returns the outputs by name, copied into managed arrays.
    /// </summary>
    public IReadOnlyDictionary<string, OnnxTensor> Run(IReadOnlyDictionary<string, OnnxTensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(_session.IsClosed, this);
        var outputs = outputNames ?? Outputs.Select(o => o.Name).ToList();
        ValidateInputs(inputs);
        foreach (var name in outputs)
            if (!Outputs.Any(o => o.Name == name))
                throw new ArgumentException($"{ModelPath}: the model has no output '{name}' (outputs: {string.Join(", ", Outputs.Select(o => o.Name))}).", nameof(outputNames));

        var inputList = inputs.ToList();
        var nIn = inputList.Count;
        var nOut = outputs.Count;
        var pins = new List<GCHandle>(nIn * 2);
        var nameBuffers = new List<IntPtr>(nIn + nOut);
        var inValues = new IntPtr[nIn];
        var outValues = new IntPtr[nOut];
        var addedRef = false;
        try
        {
            _session.DangerousAddRef(ref addedRef);
            var memoryInfo = OrtProcess.CpuMemory.DangerousGetHandle();
            var inNames = new IntPtr[nIn];
            for (var i = 0; i < nIn; i++)
            {
                var (name, tensor) = inputList[i];
                inNames[i] = Marshal.StringToCoTaskMemUTF8(name);
                nameBuffers.Add(inNames[i]);
                var data = tensor.RawData;
                var shape = tensor.Shape.ToArray();
                var dataPin = GCHandle.Alloc(data, GCHandleType.Pinned);
                pins.Add(dataPin);
                var shapePin = GCHandle.Alloc(shape, GCHandleType.Pinned);
                pins.Add(shapePin);
                var elementSize = tensor.ElementType == OnnxElementType.Float ? 4 : 8;
                // ORT rejects a NULL data pointer even for an empty tensor; a pinned empty array gives a valid address.
                inValues[i] = OrtApi.CreateTensorWithData(memoryInfo, (void*)dataPin.AddrOfPinnedObject(),
                    (nuint)(data.LongLength * elementSize), (long*)shapePin.AddrOfPinnedObject(), (nuint)shape.Length, (int)tensor.ElementType);
            }
            var outNames = new IntPtr[nOut];
            for (var i = 0; i < nOut; i++)
            {
                outNames[i] = Marshal.StringToCoTaskMemUTF8(outputs[i]);
                nameBuffers.Add(outNames[i]);
            }

            fixed (IntPtr* pInNames = inNames, pIn = inValues, pOutNames = outNames, pOut = outValues)
            {
                RunRaw(pInNames, pIn, nIn, pOutNames, pOut, nOut);
            }

            var result = new Dictionary<string, OnnxTensor>(nOut, StringComparer.Ordinal);
            for (var i = 0; i < nOut; i++) result[outputs[i]] = CopyOutput(outputs[i], outValues[i]);
            return result;
        }
        finally
        {
            foreach (var v in inValues) if (v != IntPtr.Zero) OrtApi.ReleaseValue(v);
            foreach (var v in outValues) if (v != IntPtr.Zero) OrtApi.ReleaseValue(v);
            foreach (var p in pins) p.Free();
            foreach (var b in nameBuffers) Marshal.FreeCoTaskMem(b);
            if (addedRef) _session.DangerousRelease();
        }
    }

    /// <summary>
    /// OrtApi Run on prepared native names and values (non-null outputs are written in place), keeping the session
    /// alive for the call; errors name the model file.
    /// </summary>
    internal void RunRaw(IntPtr* inputNames, IntPtr* inputs, int inputCount, IntPtr* outputNames, IntPtr* outputs, int outputCount)
    {
        var addedRef = false;
        try
        {
            _session.DangerousAddRef(ref addedRef);
            OrtApi.Run(_session.DangerousGetHandle(), inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxRuntimeException(ex.ErrorCode, $"{ModelPath}: Run failed: {ex.Message}", ex);
        }
        finally
        {
            if (addedRef) _session.DangerousRelease();
        }
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

    private OnnxTensor CopyOutput(string name, IntPtr value)
    {
        var info = OrtApi.GetTensorTypeAndShape(value);
        OnnxElementType type;
        long[] shape;
        long count;
        try
        {
            type = (OnnxElementType)OrtApi.GetTensorElementType(info);
            shape = OrtApi.GetDimensions(info);
            count = (long)OrtApi.GetTensorShapeElementCount(info);
        }
        finally
        {
            OrtApi.ReleaseTensorTypeAndShapeInfo(info);
        }
        var src = OrtApi.GetTensorMutableData(value);
        switch (type)
        {
            case OnnxElementType.Float:
            {
                var a = new float[count];
                new ReadOnlySpan<float>(src, checked((int)count)).CopyTo(a);
                return OnnxTensor.FromFloat(a, shape);
            }
            case OnnxElementType.Double:
            {
                var a = new double[count];
                new ReadOnlySpan<double>(src, checked((int)count)).CopyTo(a);
                return OnnxTensor.FromDouble(a, shape);
            }
            case OnnxElementType.Int64:
            {
                var a = new long[count];
                new ReadOnlySpan<long>(src, checked((int)count)).CopyTo(a);
                return OnnxTensor.FromInt64(a, shape);
            }
            default:
                throw new NotSupportedException($"{ModelPath}: output '{name}' is {type}; only Float, Double and Int64 outputs can be read.");
        }
    }

    public void Dispose() => _session.Dispose();
}
