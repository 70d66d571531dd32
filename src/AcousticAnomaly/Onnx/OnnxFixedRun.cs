using System.Runtime.InteropServices;

namespace AcousticAnomaly.Onnx;

/// <summary>
/// One float input and one float output of a session bound, once, to pinned arrays of fixed shapes: each
/// <see cref="Run"/> then hands ONNX Runtime the same tensors and names and allocates nothing managed (ONNX Runtime
/// writes the output into <see cref="Output"/>, a preallocated output value as its C API allows). For a caller that
/// scores same-shaped batches for hours - the live watcher, once per hop and stream - where
/// <see cref="OnnxSession.Run(string, OnnxTensor)"/>'s dictionaries, name strings and output copies would be garbage
/// every second. One thread at a time; several may share the session.
/// </summary>
internal sealed unsafe class OnnxFixedRun : IDisposable
{
    private readonly OnnxSession _session;
    private IntPtr _inputName, _outputName, _inputValue, _outputValue;

    public OnnxFixedRun(OnnxSession session, string inputName, long[] inputShape, string outputName, long[] outputShape)
    {
        _session = session;
        // Pinned-object-heap arrays: their addresses stay valid for the values' lifetime without a GCHandle.
        Input = GC.AllocateArray<float>(checked((int)Count(inputShape)), pinned: true);
        Output = GC.AllocateArray<float>(checked((int)Count(outputShape)), pinned: true);
        try
        {
            _inputName = Marshal.StringToCoTaskMemUTF8(inputName);
            _outputName = Marshal.StringToCoTaskMemUTF8(outputName);
            _inputValue = CreateValue(Input, inputShape);
            _outputValue = CreateValue(Output, outputShape);
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
        IntPtr inName = _inputName, outName = _outputName, inValue = _inputValue, outValue = _outputValue;
        _session.RunRaw(&inName, &inValue, 1, &outName, &outValue, 1);
    }

    public void Dispose()
    {
        if (_inputValue != IntPtr.Zero) OrtApi.ReleaseValue(_inputValue);
        if (_outputValue != IntPtr.Zero) OrtApi.ReleaseValue(_outputValue);
        if (_inputName != IntPtr.Zero) Marshal.FreeCoTaskMem(_inputName);
        if (_outputName != IntPtr.Zero) Marshal.FreeCoTaskMem(_outputName);
        _inputValue = _outputValue = _inputName = _outputName = IntPtr.Zero;
    }

    private static IntPtr CreateValue(float[] data, long[] shape)
    {
        // ORT copies the shape; the data stays ours (pinned for as long as the array lives).
        fixed (long* pShape = shape)
        {
            return OrtApi.CreateTensorWithData(OrtProcess.CpuMemory.DangerousGetHandle(),
                (void*)Marshal.UnsafeAddrOfPinnedArrayElement(data, 0), (nuint)(data.LongLength * sizeof(float)),
                pShape, (nuint)shape.Length, (int)OnnxElementType.Float);
        }
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
