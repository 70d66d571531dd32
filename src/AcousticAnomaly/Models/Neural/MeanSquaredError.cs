namespace AcousticAnomaly.Models.Neural;

/// <summary>torch.nn.MSELoss (mean over every element of the batch) and its gradient - the reconstruction loss of the
/// autoencoders.</summary>
public static class MeanSquaredError
{
    /// <summary>The loss, and dLoss/doutput = 2 (output - target) / n into <paramref name="gradient"/>.</summary>
    public static double LossAndGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        if (output.Length != target.Length) throw new ArgumentException("Output and target differ in length.", nameof(target));
        double sum = 0;
        float scale = 2f / output.Length;
        for (int i = 0; i < output.Length; i++)
        {
            float d = output[i] - target[i];
            sum += (double)d * d;
            gradient[i] = scale * d;
        }
        return sum / output.Length;
    }

    /// <summary>Per-sample mean squared error of rows of <paramref name="length"/> values (the anomaly score).</summary>
    public static void PerSample(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int length, Span<double> errors)
    {
        for (int r = 0; r * length < output.Length; r++)
        {
            double sum = 0;
            for (int j = r * length; j < (r + 1) * length; j++)
            {
                double d = output[j] - target[j];
                sum += d * d;
            }
            errors[r] = sum / length;
        }
    }
}
