namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// max(x, 0); the gradient passes where the output is positive (PyTorch's threshold_backward). Vectorised and cut
/// into fixed chunks run in parallel: after a convolution it touches a million values per batch.
/// </summary>
public sealed class ReluLayer(int size) : Layer(size, size)
{
    public override unsafe void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        int n = batch * InputSize;
        if (x.Length < n || y.Length < n) throw new ArgumentException($"ReLU needs {n} values.");
        fixed (float* px = x, py = y)
        {
            nint xa = (nint)px, ya = (nint)py;
            Tensors.ForChunks(n, Tensors.ElementChunk, Parallel, (start, end) =>
                Tensors.Relu(new ReadOnlySpan<float>((float*)xa + start, end - start), new Span<float>((float*)ya + start, end - start)));
        }
    }

    public override unsafe void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        if (!inputGradient) return;
        int n = batch * InputSize;
        if (y.Length < n || dy.Length < n || dx.Length < n) throw new ArgumentException($"ReLU gradients need {n} values.");
        fixed (float* py = y, pdy = dy, pdx = dx)
        {
            nint ya = (nint)py, dya = (nint)pdy, dxa = (nint)pdx;
            Tensors.ForChunks(n, Tensors.ElementChunk, Parallel, (start, end) =>
                Tensors.ReluGradient(new ReadOnlySpan<float>((float*)ya + start, end - start),
                    new ReadOnlySpan<float>((float*)dya + start, end - start), new Span<float>((float*)dxa + start, end - start)));
        }
    }
}
