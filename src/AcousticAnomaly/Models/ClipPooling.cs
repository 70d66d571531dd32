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
        foreach (var s in scores) Keep(top, ref filled, s);
        return MeanOf(top);
    }

    /// <summary>Keeps <paramref name="s"/> in <paramref name="top"/> (sorted descending, <paramref name="filled"/> used)
    /// if it beats the smallest kept value.</summary>
    private static void Keep(Span<double> top, ref int filled, double s)
    {
        int n = top.Length;
        if (filled == n && !(s > top[n - 1])) return;
        int i = filled < n ? filled++ : n - 1;
        while (i > 0 && top[i - 1] < s)
        {
            top[i] = top[i - 1];
            i--;
        }
        top[i] = s;
    }

    private static double MeanOf(ReadOnlySpan<double> top)
    {
        double sum = 0;
        foreach (var t in top) sum += t;
        return sum / top.Length;
    }

    /// <summary>
    /// Top-k pooling of scores that arrive one at a time (a long file streamed): memory is k values, and the result is
    /// exactly <see cref="TopMean"/> of all of them (same kept values, same summation order).
    /// </summary>
    public sealed class Streamed(int k)
    {
        private readonly double[] _top = new double[k >= 1 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "top-k pooling needs k >= 1")];
        private int _filled;

        /// <summary>Scores seen so far.</summary>
        public long Count { get; private set; }

        public void Add(double score)
        {
            Keep(_top, ref _filled, score);
            Count++;
        }

        /// <summary>The mean of the k highest scores seen (all of them when fewer).</summary>
        public double Mean => _filled == 0 ? throw new InvalidOperationException("a clip needs at least one score") : MeanOf(_top.AsSpan(0, _filled));
    }
}
