using System.Text.RegularExpressions;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// An error reported by ONNX Runtime or by loading its native library.
/// <see cref="ErrorCode"/> is ORT's OrtErrorCode (1 = FAIL, 2 = INVALID_ARGUMENT, 3 = NO_SUCHFILE, 7 = INVALID_PROTOBUF,
/// 10 = INVALID_GRAPH ...); -1 when the problem was found on our side before ORT was called.
/// </summary>
public sealed partial class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(int errorCode, string message, Exception? inner = null)
        : base(message, inner) => ErrorCode = errorCode;

    public int ErrorCode { get; }

    /// <summary>
    /// The package's exception carries its code only as a "[ErrorCode:Name] " message prefix; this keeps the code as a
    /// number and the message in our form ("ONNX Runtime error 3 (NoSuchFile): ...").
    /// </summary>
    internal static OnnxRuntimeException From(Microsoft.ML.OnnxRuntime.OnnxRuntimeException ex)
    {
        var match = CodePrefix().Match(ex.Message);
        var name = match.Success ? match.Groups[1].Value : "Unknown";
        var index = Array.IndexOf(CodeNames, name);
        var code = index >= 0 ? index : 1;
        var message = match.Success ? ex.Message[match.Length..] : ex.Message;
        return new OnnxRuntimeException(code, $"ONNX Runtime error {code} ({name}): {message}", ex);
    }

    /// <summary>The package's (internal) ErrorCode names, at their OrtErrorCode values.</summary>
    private static readonly string[] CodeNames =
    [
        "Ok", "Fail", "InvalidArgument", "NoSuchFile", "NoModel", "EngineError", "RuntimeException", "InvalidProtobuf",
        "ModelLoaded", "NotImplemented", "InvalidGraph", "ShapeInferenceNotRegistered", "RequirementNotRegistered",
    ];

    [GeneratedRegex(@"^\[ErrorCode:(\w+)\]\s*")]
    private static partial Regex CodePrefix();
}
