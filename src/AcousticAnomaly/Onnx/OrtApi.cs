using System.Runtime.InteropServices;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// The ONNX Runtime C API as a table of function pointers (OrtGetApiBase()->GetApi(23)). Entries are only ever appended
/// to the table, so these zero-based indices (the order of onnxruntime_c_api.h, checked against 1.23.2) stay valid for
/// later runtimes. Every call that returns an OrtStatus goes through <see cref="Check"/>, which turns a non-NULL status
/// into an <see cref="OnnxRuntimeException"/> and releases it.
/// </summary>
internal static unsafe class OrtApi
{
    public const uint ApiVersion = 23;

    private const int IdxGetErrorCode = 1, IdxGetErrorMessage = 2, IdxCreateEnv = 3, IdxCreateSession = 7, IdxRun = 9,
        IdxCreateSessionOptions = 10, IdxDisableCpuMemArena = 19, IdxSetGraphOptimizationLevel = 23, IdxSetIntraOpNumThreads = 24,
        IdxSessionGetInputCount = 30, IdxSessionGetOutputCount = 31, IdxSessionGetInputTypeInfo = 33, IdxSessionGetOutputTypeInfo = 34,
        IdxSessionGetInputName = 36, IdxSessionGetOutputName = 37, IdxCreateTensorWithDataAsOrtValue = 49, IdxGetTensorMutableData = 51,
        IdxCastTypeInfoToTensorInfo = 55, IdxGetOnnxTypeFromTypeInfo = 56, IdxGetTensorElementType = 60, IdxGetDimensionsCount = 61,
        IdxGetDimensions = 62, IdxGetTensorShapeElementCount = 64, IdxGetTensorTypeAndShape = 65, IdxCreateCpuMemoryInfo = 69,
        IdxAllocatorFree = 76, IdxGetAllocatorWithDefaultOptions = 78,
        IdxReleaseEnv = 92, IdxReleaseStatus = 93, IdxReleaseMemoryInfo = 94, IdxReleaseSession = 95, IdxReleaseValue = 96,
        IdxReleaseTypeInfo = 98, IdxReleaseTensorTypeAndShapeInfo = 99, IdxReleaseSessionOptions = 100;

    private static readonly Lazy<IntPtr> Table = new(LoadTable, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? _version;

    /// <summary>ORT's own version string, e.g. "1.23.2".</summary>
    public static string Version { get { _ = Table.Value; return _version!; } }

    private static IntPtr LoadTable()
    {
        var lib = OrtLibrary.NativeHandle;
        var getApiBase = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(lib, "OrtGetApiBase");
        var apiBase = (IntPtr*)getApiBase();
        // OrtApiBase = { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
        var getApi = (delegate* unmanaged<uint, IntPtr>)apiBase[0];
        var getVersion = (delegate* unmanaged<IntPtr>)apiBase[1];
        _version = Marshal.PtrToStringUTF8(getVersion()) ?? "?";
        var api = getApi(ApiVersion);
        if (api == IntPtr.Zero)
            throw new OnnxRuntimeException(-1, $"The loaded ONNX Runtime ({_version}) does not provide C API version {ApiVersion}; version 1.23 or later is required.");
        return api;
    }

    private static IntPtr Fn(int index) => ((IntPtr*)Table.Value)[index];

    /// <summary>Throws for a non-NULL status, after copying its code and message and releasing it.</summary>
    public static void Check(IntPtr status)
    {
        if (status == IntPtr.Zero) return;
        var code = ((delegate* unmanaged<IntPtr, int>)Fn(IdxGetErrorCode))(status);
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr, IntPtr>)Fn(IdxGetErrorMessage))(status)) ?? "";
        ((delegate* unmanaged<IntPtr, void>)Fn(IdxReleaseStatus))(status);
        throw new OnnxRuntimeException(code, $"ONNX Runtime error {code} ({CodeName(code)}): {message}");
    }

    private static string CodeName(int code) => code switch
    {
        0 => "OK", 1 => "FAIL", 2 => "INVALID_ARGUMENT", 3 => "NO_SUCHFILE", 4 => "NO_MODEL", 5 => "ENGINE_ERROR",
        6 => "RUNTIME_EXCEPTION", 7 => "INVALID_PROTOBUF", 8 => "MODEL_LOADED", 9 => "NOT_IMPLEMENTED",
        10 => "INVALID_GRAPH", 11 => "EP_FAIL", _ => "UNKNOWN",
    };

    public static IntPtr CreateEnv(int logLevel, IntPtr logId)
    {
        IntPtr env;
        Check(((delegate* unmanaged<int, IntPtr, IntPtr*, IntPtr>)Fn(IdxCreateEnv))(logLevel, logId, &env));
        return env;
    }

    /// <summary>path is UTF-8 char* on Linux/macOS, UTF-16 wchar_t* on Windows (the caller marshals accordingly).</summary>
    public static IntPtr CreateSession(IntPtr env, IntPtr path, IntPtr options)
    {
        IntPtr session;
        Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr>)Fn(IdxCreateSession))(env, path, options, &session));
        return session;
    }

    public static void Run(IntPtr session, IntPtr* inputNames, IntPtr* inputs, nuint inputCount, IntPtr* outputNames, nuint outputCount, IntPtr* outputs) =>
        Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)Fn(IdxRun))(
            session, IntPtr.Zero, inputNames, inputs, inputCount, outputNames, outputCount, outputs));

    public static IntPtr CreateSessionOptions()
    {
        IntPtr options;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Fn(IdxCreateSessionOptions))(&options));
        return options;
    }

    public static void SetGraphOptimizationLevel(IntPtr options, int level) =>
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(IdxSetGraphOptimizationLevel))(options, level));

    public static void DisableCpuMemArena(IntPtr options) =>
        Check(((delegate* unmanaged<IntPtr, IntPtr>)Fn(IdxDisableCpuMemArena))(options));

    public static void SetIntraOpNumThreads(IntPtr options, int threads) =>
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(IdxSetIntraOpNumThreads))(options, threads));

    public static nuint SessionGetCount(IntPtr session, bool outputs)
    {
        nuint count;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(outputs ? IdxSessionGetOutputCount : IdxSessionGetInputCount))(session, &count));
        return count;
    }

    public static IntPtr SessionGetTypeInfo(IntPtr session, nuint index, bool output)
    {
        IntPtr info;
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)Fn(output ? IdxSessionGetOutputTypeInfo : IdxSessionGetInputTypeInfo))(session, index, &info));
        return info;
    }

    /// <summary>Copies the name and frees ORT's copy with the default allocator.</summary>
    public static string SessionGetName(IntPtr session, nuint index, bool output)
    {
        IntPtr allocator;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Fn(IdxGetAllocatorWithDefaultOptions))(&allocator));
        IntPtr name;
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)Fn(output ? IdxSessionGetOutputName : IdxSessionGetInputName))(session, index, allocator, &name));
        try { return Marshal.PtrToStringUTF8(name) ?? ""; }
        finally { Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Fn(IdxAllocatorFree))(allocator, name)); }
    }

    /// <summary>Wraps caller memory without copying: the buffer must stay pinned until the value is released.</summary>
    public static IntPtr CreateTensorWithData(IntPtr memoryInfo, void* data, nuint bytes, long* shape, nuint rank, int elementType)
    {
        IntPtr value;
        Check(((delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)Fn(IdxCreateTensorWithDataAsOrtValue))(
            memoryInfo, data, bytes, shape, rank, elementType, &value));
        return value;
    }

    public static void* GetTensorMutableData(IntPtr value)
    {
        void* data;
        Check(((delegate* unmanaged<IntPtr, void**, IntPtr>)Fn(IdxGetTensorMutableData))(value, &data));
        return data;
    }

    /// <summary>The tensor info is owned by the type info: do not release it separately.</summary>
    public static IntPtr CastTypeInfoToTensorInfo(IntPtr typeInfo)
    {
        IntPtr info;
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(IdxCastTypeInfoToTensorInfo))(typeInfo, &info));
        return info;
    }

    /// <summary>ONNXType: 1 = tensor, 2 = sequence, 3 = map, 4 = opaque, 5 = sparse tensor, 6 = optional.</summary>
    public static int GetOnnxTypeFromTypeInfo(IntPtr typeInfo)
    {
        int type;
        Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Fn(IdxGetOnnxTypeFromTypeInfo))(typeInfo, &type));
        return type;
    }

    public static int GetTensorElementType(IntPtr tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Fn(IdxGetTensorElementType))(tensorInfo, &type));
        return type;
    }

    public static long[] GetDimensions(IntPtr tensorInfo)
    {
        nuint rank;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(IdxGetDimensionsCount))(tensorInfo, &rank));
        var dims = new long[(int)rank];
        fixed (long* p = dims)
            Check(((delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)Fn(IdxGetDimensions))(tensorInfo, p, rank));
        return dims;
    }

    public static nuint GetTensorShapeElementCount(IntPtr tensorInfo)
    {
        nuint count;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(IdxGetTensorShapeElementCount))(tensorInfo, &count));
        return count;
    }

    /// <summary>The caller releases the result with <see cref="ReleaseTensorTypeAndShapeInfo"/>.</summary>
    public static IntPtr GetTensorTypeAndShape(IntPtr value)
    {
        IntPtr info;
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(IdxGetTensorTypeAndShape))(value, &info));
        return info;
    }

    /// <summary>allocatorType 1 = OrtArenaAllocator; memType 0 = OrtMemTypeDefault.</summary>
    public static IntPtr CreateCpuMemoryInfo(int allocatorType, int memType)
    {
        IntPtr info;
        Check(((delegate* unmanaged<int, int, IntPtr*, IntPtr>)Fn(IdxCreateCpuMemoryInfo))(allocatorType, memType, &info));
        return info;
    }

    public static void ReleaseEnv(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(IdxReleaseEnv))(p);
    public static void ReleaseMemoryInfo(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(IdxReleaseMemoryInfo))(p);
    public static void ReleaseSession(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(IdxReleaseSession))(p);
    public static void ReleaseValue(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(IdxReleaseValue))(p);
    public static void ReleaseTypeInfo(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(IdxReleaseTypeInfo))(p);
    public static void ReleaseTensorTypeAndShapeInfo(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(IdxReleaseTensorTypeAndShapeInfo))(p);
    public static void ReleaseSessionOptions(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(IdxReleaseSessionOptions))(p);
}
