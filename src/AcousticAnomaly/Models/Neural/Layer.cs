namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// One layer of a sequential network. Activations are channel-last and flat per sample: a sample of shape
/// [height][width][channels] is <see cref="InputSize"/> consecutive floats, a batch is samples end to end. Channel-last
/// makes every convolution one matrix product over the whole batch (rows = output positions) and makes flattening free.
/// <para>Forward writes the output; Backward receives the output gradient and writes the input gradient (when asked)
/// and overwrites every parameter gradient. Scratch memory is sized once by <see cref="Prepare"/>, none per batch.</para>
/// </summary>
public abstract class Layer
{
    protected Layer(int inputSize, int outputSize)
    {
        if (inputSize <= 0 || outputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), "Layer sizes must be positive.");
        InputSize = inputSize;
        OutputSize = outputSize;
    }

    /// <summary>Floats per sample in.</summary>
    public int InputSize { get; }

    /// <summary>Floats per sample out.</summary>
    public int OutputSize { get; }

    /// <summary>Trainable arrays, in a fixed order (the order parity fixtures and model files use).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Non-trainable state saved with the model (batch norm running statistics).</summary>
    public virtual IReadOnlyList<float[]> Buffers => [];

    /// <summary>Sizes scratch memory for batches of up to <paramref name="maxBatch"/> samples.</summary>
    public virtual void Prepare(int maxBatch)
    {
    }

    public abstract void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, bool training);

    /// <param name="x">The input Forward saw.</param>
    /// <param name="y">The output Forward wrote.</param>
    /// <param name="dy">dLoss/dy.</param>
    /// <param name="dx">Receives dLoss/dx unless <paramref name="inputGradient"/> is false.</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputGradient">False for the first layer, whose input gradient nobody needs.</param>
    public abstract void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, bool inputGradient);

    /// <summary>Parallelism for the matrix products (null = calling thread).</summary>
    internal ParallelOptions? Parallel { get; set; }

    /// <summary>Resizes a scratch array when a larger batch needs it.</summary>
    protected static float[] Grow(float[] buffer, int length) => buffer.Length >= length ? buffer : new float[length];
}
