namespace AcousticAnomaly.Models.Neural;

/// <summary>1 / (1 + e^-x); the gradient is dy * y * (1 - y) (PyTorch's sigmoid_backward uses the output too). The
/// output layer of a network whose targets lie in [0, 1], e.g. min/max-normalised log-mel.</summary>
public sealed class SigmoidLayer(int size) : Layer(size, size)
{
    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        int n = batch * InputSize;
        for (int i = 0; i < n; i++) y[i] = 1f / (1f + MathF.Exp(-x[i]));
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        if (!inputGradient) return;
        int n = batch * InputSize;
        for (int i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1f - y[i]);
    }
}
