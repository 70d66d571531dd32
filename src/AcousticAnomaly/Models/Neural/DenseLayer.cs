namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// Fully connected: y = x W + b with W stored [inputs x outputs] row-major (PyTorch's Linear weight transposed), so the
/// forward pass and both gradients are plain row-major products (<see cref="Gemm"/>).
/// </summary>
public sealed class DenseLayer : Layer
{
    private float[] _transposed;

    public DenseLayer(int inputs, int outputs) : base(inputs, outputs)
    {
        Weight = new Parameter("weight", inputs * outputs);
        Bias = new Parameter("bias", outputs);
        _transposed = new float[inputs * outputs];
    }

    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training)
    {
        int n = OutputSize;
        for (int r = 0; r < batch; r++) Bias.Value.CopyTo(y.Slice(r * n, n));
        Gemm.Multiply(x, InputSize, 1, Weight.Value, y, batch, InputSize, n, accumulate: true, Parallel);
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient)
    {
        int m = InputSize, n = OutputSize;
        // dW = x^T dy: x read column-wise in place (row stride 1, column stride = its row length).
        Gemm.Multiply(x, 1, m, dy, Weight.Gradient, m, batch, n, accumulate: false, Parallel);
        Tensors.ColumnSums(dy[..(batch * n)], n, Bias.Gradient);
        if (!inputGradient) return;
        Tensors.Transpose(Weight.Value, m, n, _transposed);
        Gemm.Multiply(dy, n, 1, _transposed, dx, batch, n, m, accumulate: false, Parallel);
    }
}
