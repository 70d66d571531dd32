namespace AcousticAnomaly.Models;

/// <summary>
/// How a clip's per-vector Scores become its one Score. Null top-k: their mean (DCASE). k: the mean of the k highest
/// (1 = the maximum) - for block autoencoders, whose ~300 block positions per clip would otherwise dilute a fault that
/// lasts a few blocks the way mean pooling does. Stored in the model (<see cref="ModelMetadata.ClipTopK"/>), so
/// training thresholds, prediction and the live watcher pool alike.
/// </summary>
public static class ClipPooling
{
    /// <summary>The top-k that adapters show for "no top-k": 0 = the mean of all vector scores (stored as null).</summary>
    public const int MeanOfAll = 0;

    /// <summary>Top-k means on the stack up to this k; larger k allocate (never on the live path's defaults).</summary>
    private const int StackLimit = 256;

    public static double Pool(double[] scores, int? topK)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return topK is { } k ? TopMean(scores, k) : scores.Average();
    }

    /// <summary>Mean of the k highest values (all of them when there are fewer); allocation-free for k up to 256.</summary>
    public static double TopMean(ReadOnlySpan<double> scores, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "top-k pooling needs k >= 1");
        if (scores.IsEmpty) throw new ArgumentException("a clip needs at least one score", nameof(scores));
        int n = Math.Min(k, scores.Length);
        Span<double> top = n <= StackLimit ? stackalloc double[n] : new double[n];
        int filled = 0;
        foreach (var s in scores)
        {
            // top is sorted descending; insert s if it beats the smallest kept value.
            if (filled == n && !(s > top[n - 1])) continue;
            int i = filled < n ? filled++ : n - 1;
            while (i > 0 && top[i - 1] < s)
            {
                top[i] = top[i - 1];
                i--;
            }
            top[i] = s;
        }
        double sum = 0;
        foreach (var t in top) sum += t;
        return sum / n;
    }
}
