namespace AcousticAnomaly.Onnx;

/// <summary>
/// An error reported by ONNX Runtime (a non-NULL OrtStatus) or by loading the native library.
/// <see cref="ErrorCode"/> is ORT's OrtErrorCode (1 = FAIL, 2 = INVALID_ARGUMENT, 3 = NO_SUCHFILE, 7 = INVALID_GRAPH ...);
/// -1 when the problem was found on our side before ORT was called.
/// </summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(int errorCode, string message, Exception? inner = null)
        : base(message, inner) => ErrorCode = errorCode;

    public int ErrorCode { get; }
}
