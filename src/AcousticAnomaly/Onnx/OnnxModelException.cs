namespace AcousticAnomaly.Onnx;

/// <summary>
/// A model file that cannot be used: missing, unreadable, not a valid ONNX protobuf, or rejected by ONNX Runtime.
/// The message always starts with the file path ("&lt;path&gt;: &lt;problem&gt;") so a batch run can say which file failed.
/// </summary>
public sealed class OnnxModelException : Exception
{
    public OnnxModelException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner) => FilePath = path;

    public string FilePath { get; }
}
