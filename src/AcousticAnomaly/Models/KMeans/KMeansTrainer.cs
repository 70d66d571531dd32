using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.KMeans;

/// <summary>
/// k-means as scikit-learn's KMeans (algorithm 'lloyd') computes it, on float32 features with float64 arithmetic:
/// optional per-feature standardisation, k-means++ seeding (sklearn's greedy variant: 2 + floor(ln k) candidates per
/// centre, the one lowering the potential most wins), then Lloyd iterations: assign every row to its nearest centre,
/// move each centre to its rows' mean, relocate empty clusters to the rows farthest from their centres, stop when the
/// labels no longer change or the summed squared centre shift is at most tol x mean feature variance; a final
/// assignment pass makes the labels agree with the returned centres. InitCount runs, lowest inertia kept.
/// Deviation: our xoshiro256** generator instead of numpy's, so a seed gives other (equally distributed) draws.
/// </summary>
public sealed class KMeansTrainer
{
    /// <summary>Rows per parallel work item: large enough to amortise scheduling, small enough to balance cores.</summary>
    private const int ChunkRows = 256;

    public KMeansTrainer(KMeansOptions? options = null)
    {
        Options = options ?? new KMeansOptions();
        Options.Validate();
    }

    public KMeansOptions Options { get; }

    /// <summary>Fits the model. Throws ArgumentException for fewer rows than clusters or a NaN / infinite value.</summary>
    /// <param name="x">Training rows, finite.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    /// <param name="iterations">Told after every Lloyd iteration: its number and the inertia before the update.</param>
    public KMeansModel Train(FeatureMatrix x, CancellationToken cancellationToken = default, IProgress<TrainingIteration>? iterations = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int k = Options.ClusterCount;
        if (x.Rows < k) throw new ArgumentException($"k-means with {k} clusters needs at least {k} vectors; got {x.Rows}.", nameof(x));
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));

        float[]? mean = null, scale = null;
        var z = x;
        if (Options.Standardize)
        {
            (mean, scale) = ColumnScaling.MeanAndScale(x);
            z = ColumnScaling.Standardized(x, mean, scale);
        }
        var tol = Options.Tolerance * MeanColumnVariance(z);

        LloydResult? best = null;
        for (int run = 0; run < Options.InitCount; run++)
        {
            var rng = new SeededRandom(Options.Seed, run);
            var init = PlusPlus(z, k, ref rng, cancellationToken);
            var unit = Options.InitCount > 1 ? $"Run {run + 1}/{Options.InitCount}, iteration" : "Iteration";
            var result = Lloyd(z, init, Options.MaxIterations, tol, cancellationToken, iterations, unit);
            if (best is null || result.Inertia < best.Inertia) best = result;
        }
        var centers = Array.ConvertAll(best!.Centers, c => (float)c);
        return new KMeansModel(centers, x.Columns, mean, scale, best.Inertia, best.Iterations);
    }

    /// <summary>Lloyd's result: centres (k x D, double), final labels, inertia and iterations run.</summary>
    internal sealed record LloydResult(double[] Centers, int[] Labels, double Inertia, int Iterations);

    /// <summary>
    /// Lloyd iterations from the given centres, exactly as sklearn's _kmeans_single_lloyd (with unit sample weights):
    /// <paramref name="tolerance"/> is absolute here (already scaled by the mean variance).
    /// </summary>
    internal LloydResult Lloyd(FeatureMatrix z, double[] initialCenters, int maxIterations, double tolerance, CancellationToken cancellationToken,
        IProgress<TrainingIteration>? progress = null, string unit = "Iteration")
    {
        int n = z.Rows, d = z.Columns, k = initialCenters.Length / d;
        var centers = (double[])initialCenters.Clone();
        var labels = new int[n];
        var labelsOld = new int[n];
        Array.Fill(labelsOld, -1);
        var nearest = new double[n];
        bool strict = false;
        int iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Assign(z, centers, labels, nearest, cancellationToken);
            var updated = Means(z, centers, labels, nearest);
            double shift = 0;
            for (int i = 0; i < centers.Length; i++)
            {
                var delta = updated[i] - centers[i];
                shift += delta * delta;
            }
            centers = updated;
            // nearest[] holds each row's squared distance to its centre before this update: the inertia being lowered.
            progress?.Report(new TrainingIteration(unit, iteration + 1, maxIterations, nearest.Sum()));
            if (labels.AsSpan().SequenceEqual(labelsOld))
            {
                strict = true;
                break;
            }
            if (shift <= tolerance) break;
            labels.CopyTo(labelsOld, 0);
        }
        // sklearn returns i + 1 whether the loop broke early or ran out.
        int iterations = Math.Min(iteration + 1, maxIterations);
        // Labels were computed against the previous centres; unless nothing moved, re-assign so they agree.
        if (!strict) Assign(z, centers, labels, nearest, cancellationToken);
        double inertia = 0;
        for (int r = 0; r < n; r++) inertia += VectorMath.SquaredDistance(z.Row(r), centers.AsSpan(labels[r] * d, d));
        return new LloydResult(centers, labels, inertia, iterations);
    }

    /// <summary>Nearest centre of every row (first on ties), in parallel; each row's answer is independent of threads.</summary>
    private void Assign(FeatureMatrix z, double[] centers, int[] labels, double[] nearest, CancellationToken cancellationToken)
    {
        int n = z.Rows, d = z.Columns, k = centers.Length / d;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism ?? -1, CancellationToken = cancellationToken };
        Parallel.For(0, (n + ChunkRows - 1) / ChunkRows, parallel, chunk =>
        {
            int end = Math.Min(n, (chunk + 1) * ChunkRows);
            for (int r = chunk * ChunkRows; r < end; r++)
            {
                var row = z.Row(r);
                double best = double.PositiveInfinity;
                int label = 0;
                for (int c = 0; c < k; c++)
                {
                    var dist = VectorMath.SquaredDistance(row, centers.AsSpan(c * d, d));
                    if (dist < best)
                    {
                        best = dist;
                        label = c;
                    }
                }
                labels[r] = label;
                nearest[r] = best;
            }
        });
    }

    /// <summary>
    /// New centres = means of their rows, summed sequentially in row order (so the sums never depend on threads).
    /// Empty clusters take the rows farthest from their current centres, which leave their old cluster's sum, as
    /// sklearn's _relocate_empty_clusters_dense does.
    /// </summary>
    private static double[] Means(FeatureMatrix z, double[] oldCenters, int[] labels, double[] nearest)
    {
        int n = z.Rows, d = z.Columns, k = oldCenters.Length / d;
        var sums = new double[oldCenters.Length];
        var counts = new double[k];
        for (int r = 0; r < n; r++)
        {
            var row = z.Row(r);
            var sum = sums.AsSpan(labels[r] * d, d);
            for (int j = 0; j < d; j++) sum[j] += row[j];
            counts[labels[r]]++;
        }
        var empty = Enumerable.Range(0, k).Where(c => counts[c] == 0).ToArray();
        if (empty.Length > 0)
        {
            // nearest[r] is the squared distance of row r to its (old) assigned centre.
            var far = Enumerable.Range(0, n).OrderByDescending(r => nearest[r]).ThenBy(r => r).Take(empty.Length).ToArray();
            for (int e = 0; e < empty.Length; e++)
            {
                var row = z.Row(far[e]);
                int from = labels[far[e]], to = empty[e];
                for (int j = 0; j < d; j++)
                {
                    sums[from * d + j] -= row[j];
                    sums[to * d + j] = row[j];
                }
                counts[to] = 1;
                counts[from] -= 1;
            }
        }
        for (int c = 0; c < k; c++)
        {
            if (counts[c] <= 0) continue; // cannot happen after relocation unless rows < k, which Train rejects
            for (int j = 0; j < d; j++) sums[c * d + j] /= counts[c];
        }
        return sums;
    }

    /// <summary>sklearn's greedy k-means++ (_kmeans_plusplus): returns k x D centres copied from rows of z.</summary>
    internal double[] PlusPlus(FeatureMatrix z, int k, ref SeededRandom rng, CancellationToken cancellationToken)
    {
        int n = z.Rows, d = z.Columns;
        int trials = 2 + (int)Math.Log(k);
        var centers = new double[k * d];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism ?? -1, CancellationToken = cancellationToken };

        void CopyRow(int row, int center)
        {
            var src = z.Row(row);
            for (int j = 0; j < d; j++) centers[center * d + j] = src[j];
        }

        CopyRow(rng.NextInt(n), 0);
        var closest = new double[n];
        Parallel.For(0, n, parallel, r => closest[r] = VectorMath.SquaredDistance(z.Row(r), centers.AsSpan(0, d)));
        double potential = Sum(closest);
        var cumulative = new double[n];
        var candidateDistances = new double[trials][];
        for (int t = 0; t < trials; t++) candidateDistances[t] = new double[n];

        for (int c = 1; c < k; c++)
        {
            double running = 0;
            for (int r = 0; r < n; r++) cumulative[r] = running += closest[r];
            var candidates = new int[trials];
            for (int t = 0; t < trials; t++)
            {
                // numpy's searchsorted (side='left'): the first row whose cumulative sum reaches the draw.
                var draw = rng.NextDouble() * potential;
                int idx = Array.BinarySearch(cumulative, draw);
                if (idx < 0) idx = ~idx;
                else while (idx > 0 && cumulative[idx - 1] == draw) idx--;
                candidates[t] = Math.Min(idx, n - 1);
            }
            Parallel.For(0, n, parallel, r =>
            {
                var row = z.Row(r);
                for (int t = 0; t < trials; t++)
                    candidateDistances[t][r] = Math.Min(closest[r], VectorMath.SquaredDistance(row, z.Row(candidates[t])));
            });
            int best = 0;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                var p = Sum(candidateDistances[t]);
                if (p < bestPotential)
                {
                    bestPotential = p;
                    best = t;
                }
            }
            potential = bestPotential;
            candidateDistances[best].CopyTo(closest, 0);
            CopyRow(candidates[best], c);
        }
        return centers;
    }

    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (var v in values) s += v;
        return s;
    }

    /// <summary>sklearn's _tolerance: np.mean(np.var(X, axis=0)).</summary>
    internal static double MeanColumnVariance(FeatureMatrix z) => ColumnScaling.Moments(z).Variance.Average();
}
