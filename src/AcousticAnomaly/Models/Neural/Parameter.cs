namespace AcousticAnomaly.Models.Neural;

/// <summary>One trainable array and the gradient of the loss with respect to it (overwritten by each backward pass).</summary>
public sealed class Parameter(string name, int length)
{
    public string Name { get; } = name;
    public float[] Value { get; } = new float[length];
    public float[] Gradient { get; } = new float[length];
}
