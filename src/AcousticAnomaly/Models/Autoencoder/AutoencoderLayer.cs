using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.Autoencoder;

/// <summary>
/// Inference-mode BatchNormalization of one layer's outputs (Keras' gamma, beta, moving mean and moving variance):
/// y = gamma * (z - mean) / sqrt(variance + epsilon) + beta, one value per unit.
/// </summary>
public sealed record AutoencoderBatchNorm(float[] Gamma, float[] Beta, float[] MovingMean, float[] MovingVariance, float Epsilon)
{
    /// <summary>
    /// The affine form y = z * scale + shift, computed the way ONNX Runtime's BatchNormalization kernel does
    /// (scale = gamma / sqrt(var + eps), shift = beta - mean * scale, in float) so both give the same rounding.
    /// </summary>
    public (float[] Scale, float[] Shift) Affine()
    {
        var scale = new float[Gamma.Length];
        var shift = new float[Gamma.Length];
        for (int j = 0; j < scale.Length; j++)
        {
            scale[j] = 1f / MathF.Sqrt(MovingVariance[j] + Epsilon) * Gamma[j];
            shift[j] = Beta[j] - MovingMean[j] * scale[j];
        }
        return (scale, shift);
    }
}

/// <summary>
/// One Dense layer: z = x W + b with W stored row-major as [Inputs x Outputs] (Keras' kernel layout), then - for every
/// layer but the last - BatchNormalization and ReLU, as in the DCASE baseline.
/// </summary>
public sealed record AutoencoderLayer(int Inputs, int Outputs, float[] Weights, float[] Bias, AutoencoderBatchNorm? BatchNorm)
{
    /// <summary>Throws ArgumentException when the arrays do not match the sizes or hold non-finite values.</summary>
    public void Validate(int index)
    {
        if (Inputs < 1 || Outputs < 1) throw new ArgumentException($"Layer {index}: sizes must be positive ({Inputs} x {Outputs}).");
        Check(Weights, (long)Inputs * Outputs, "weights");
        Check(Bias, Outputs, "bias");
        if (BatchNorm is { } bn)
        {
            Check(bn.Gamma, Outputs, "batch-norm gamma");
            Check(bn.Beta, Outputs, "batch-norm beta");
            Check(bn.MovingMean, Outputs, "batch-norm moving mean");
            Check(bn.MovingVariance, Outputs, "batch-norm moving variance");
            if (!(bn.Epsilon > 0)) throw new ArgumentException($"Layer {index}: batch-norm epsilon must be positive (got {bn.Epsilon}).");
            foreach (var v in bn.MovingVariance)
                if (v < 0) throw new ArgumentException($"Layer {index}: batch-norm moving variance is negative ({v}).");
        }

        void Check(float[]? values, long length, string what)
        {
            if (values is null || values.Length != length)
                throw new ArgumentException($"Layer {index}: {what} has {values?.Length ?? 0} values; {length} expected.");
            if (FeatureMatrixChecks.FirstNonFinite(values) is var i and >= 0)
                throw new ArgumentException($"Layer {index}: {what} value {i} is {values[i]}; parameters must be finite.");
        }
    }
}
