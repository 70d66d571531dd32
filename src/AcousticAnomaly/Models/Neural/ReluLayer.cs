namespace AcousticAnomaly.Models.Neural;

/// <summary>max(x, 0); the gradient passes where the output is positive (PyTorch's threshold_backward).</summary>
public sealed class ReluLayer(int size) : Layer(size, size)
{
    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        int n = batch * InputSize;
        for (int i = 0; i < n; i++) y[i] = x[i] > 0f ? x[i] : 0f;
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        if (!inputGradient) return;
        int n = batch * InputSize;
        for (int i = 0; i < n; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }
}
