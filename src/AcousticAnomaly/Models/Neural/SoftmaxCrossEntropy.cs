namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// Softmax over each row of logits and the (optionally class-weighted) cross-entropy, as PyTorch's
/// CrossEntropyLoss(weight, reduction='mean'): loss = sum_i w[y_i] * -log p_i[y_i] / sum_i w[y_i]; its gradient
/// w[y_i] (p_i - onehot(y_i)) / sum w. Log-sum-exp is taken around the row maximum so large logits cannot overflow.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>Softmax of each row of <paramref name="logits"/> into <paramref name="probabilities"/>.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities, int rows, int classes)
    {
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * classes, classes);
            var p = probabilities.Slice(r * classes, classes);
            float max = float.NegativeInfinity;
            foreach (var v in z) max = Math.Max(max, v);
            double sum = 0;
            for (int j = 0; j < classes; j++) sum += Math.Exp(z[j] - max);
            for (int j = 0; j < classes; j++) p[j] = (float)(Math.Exp(z[j] - max) / sum);
        }
    }

    /// <returns>The mean (weighted) loss; <paramref name="gradient"/> receives dLoss/dlogits.</returns>
    public static double LossAndGradient(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, ReadOnlySpan<float> classWeights,
        Span<float> gradient, int rows, int classes)
    {
        double weightSum = 0, loss = 0;
        for (int r = 0; r < rows; r++) weightSum += classWeights.IsEmpty ? 1f : classWeights[labels[r]];
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * classes, classes);
            var g = gradient.Slice(r * classes, classes);
            int y = labels[r];
            if ((uint)y >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(labels), y, $"Label index outside 0..{classes - 1}.");
            double w = classWeights.IsEmpty ? 1.0 : classWeights[y];
            float max = float.NegativeInfinity;
            foreach (var v in z) max = Math.Max(max, v);
            double sum = 0;
            for (int j = 0; j < classes; j++) sum += Math.Exp(z[j] - max);
            double logSum = Math.Log(sum) + max;
            loss += w * (logSum - z[y]);
            for (int j = 0; j < classes; j++)
            {
                double p = Math.Exp(z[j] - logSum);
                g[j] = (float)(w * (p - (j == y ? 1 : 0)) / weightSum);
            }
        }
        return loss / weightSum;
    }

    /// <summary>With label smoothing e (PyTorch's CrossEntropyLoss(weight, label_smoothing=e)): the weighted cross-entropy
    /// against targets (1 - e) onehot + e / k: the one-hot loss and gradient plus e
    /// times the gradient of the uniform target's extra term, w (onehot - 1/k) / sum w per row.</summary>
    public static double LossAndGradient(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, ReadOnlySpan<float> classWeights,
        Span<float> gradient, int rows, int classes, double smoothing)
    {
        double loss = LossAndGradient(logits, labels, classWeights, gradient, rows, classes);
        if (smoothing <= 0) return loss;
        double weightSum = 0;
        for (int r = 0; r < rows; r++) weightSum += classWeights.IsEmpty ? 1 : classWeights[labels[r]];
        double extra = 0;
        for (int r = 0; r < rows; r++)
        {
            double w = classWeights.IsEmpty ? 1 : classWeights[labels[r]];
            var z = logits.Slice(r * classes, classes);
            float max = float.NegativeInfinity;
            foreach (var v in z) max = Math.Max(max, v);
            double sum = 0, zMean = 0;
            for (int j = 0; j < classes; j++)
            {
                sum += Math.Exp(z[j] - max);
                zMean += z[j];
            }
            zMean /= classes;
            double logSum = Math.Log(sum) + max;
            // -sum_j t_j log p_j with t = (1-e) onehot + e/k equals (1-e) CE + e (logSum - mean z).
            extra += w * ((logSum - zMean) - (logSum - z[labels[r]]));
            var g = gradient.Slice(r * classes, classes);
            for (int j = 0; j < classes; j++)
                g[j] += (float)(smoothing * w * ((j == labels[r] ? 1.0 : 0.0) - 1.0 / classes) / weightSum);
        }
        return loss + smoothing * extra / weightSum;
    }
}
