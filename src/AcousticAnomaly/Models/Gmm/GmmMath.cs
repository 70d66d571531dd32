namespace AcousticAnomaly.Models.Gmm;

internal static class GmmMath
{
    /// <summary>log(sum(exp(v))) without overflow (scipy.special.logsumexp).</summary>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
