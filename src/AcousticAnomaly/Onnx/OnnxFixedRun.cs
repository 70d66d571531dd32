using Microsoft.ML.OnnxRuntime;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// One float input and one float output of a session bound, once, to pinned arrays of fixed shapes through an
/// <see cref="OrtIoBinding"/>: each <see cref="Run"/> then hands ONNX Runtime the same OrtValues and allocates nothing
/// managed (ONNX Runtime writes the output into <see cref="Output"/>). For a caller that scores same-shaped batches
/// for hours - the live watcher, once per hop and stream - where <see cref="OnnxSession.Run(string, OnnxTensor)"/>'s
/// dictionaries, values and output copies would be garbage every second. One thread at a time; several may share the
/// session.
/// </summary>
internal sealed class OnnxFixedRun : IDisposable
{
    private readonly OnnxSession _session;
    private OrtValue? _inputValue, _outputValue;
    private OrtIoBinding? _binding;

    public OnnxFixedRun(OnnxSession session, string inputName, long[] inputShape, string outputName, long[] outputShape)
    {
        _session = session;
        // Pinned-object-heap arrays: the OrtValues point at them for their whole life without a GCHandle per run.
        Input = GC.AllocateArray<float>(checked((int)Count(inputShape)), pinned: true);
        Output = GC.AllocateArray<float>(checked((int)Count(outputShape)), pinned: true);
        try
        {
            _inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Input.AsMemory(), inputShape);
            _outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Output.AsMemory(), outputShape);
            _binding = session.CreateIoBinding();
            _binding.BindInput(inputName, _inputValue);
            _binding.BindOutput(outputName, _outputValue);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The input tensor's data, row-major; fill it before <see cref="Run"/>.</summary>
    public float[] Input { get; }

    /// <summary>The output tensor's data after <see cref="Run"/>.</summary>
    public float[] Output { get; }

    public void Run()
    {
        ObjectDisposedException.ThrowIf(_binding is null, this);
        _session.RunWithBinding(_binding);
    }

    public void Dispose()
    {
        _binding?.Dispose();
        _inputValue?.Dispose();
        _outputValue?.Dispose();
        _binding = null;
        _inputValue = _outputValue = null;
    }

    private static long Count(long[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d <= 0) throw new ArgumentException($"A fixed run needs concrete dimensions; got [{string.Join(", ", shape)}].", nameof(shape));
            n = checked(n * d);
        }
        return n;
    }
}
