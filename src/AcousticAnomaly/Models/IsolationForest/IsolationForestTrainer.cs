using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;
namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>
/// Grows an Isolation Forest the way scikit-learn's IsolationForest (1.2, ExtraTreeRegressor with splitter='random',
/// max_features=1) does, on float32 data in a row-major <see cref="FeatureMatrix"/>.
/// Per tree: draw MaxSamples rows without replacement; grow depth first (left subtree first, nodes numbered in
/// pre-order like sklearn). A node is a leaf at depth ceil(log2(max(MaxSamples, 2))), with fewer than 2 samples, or
/// when every feature is constant within it. Otherwise features are drawn uniformly among those not yet known constant
/// until one with max &gt; min + 1e-7 (sklearn's FEATURE_THRESHOLD) is found; features found constant are remembered
/// for the node's descendants, as sklearn's splitter does. The threshold is min + U[0,1) (max - min) in double
/// (max maps back to min), stored rounded down to float - the same decisions for float32 inputs.
/// Deviations (documented, not observable in distribution): our own xoshiro256** generator instead of numpy's
/// MT19937 + sklearn's rand_r, so the same seed gives different (but equally distributed) trees than sklearn; and
/// sklearn's extra leaf rule "node impurity of the random regression target &lt;= 1e-16" (only reachable in practice
/// for single-sample nodes, which are leaves anyway) is not reproduced.
/// </summary>
public sealed class IsolationForestTrainer
{
    /// <summary>sklearn's FEATURE_THRESHOLD: a feature whose node range is at most this is treated as constant.</summary>
    internal const double FeatureThreshold = 1e-7;

    public IsolationForestTrainer(IsolationForestOptions? options = null)
    {
        Options = options ?? new IsolationForestOptions();
        Options.Validate();
    }

    public IsolationForestOptions Options { get; }

    /// <summary>Trains on jagged rows (copied into a <see cref="FeatureMatrix"/> first).</summary>
    public IsolationForestModel Train(IReadOnlyList<float[]> rows, CancellationToken cancellationToken = default)
        => Train(FeatureMatrix.FromRows(rows), cancellationToken);

    /// <summary>Trains a forest on <paramref name="x"/> (rows = samples). Throws ArgumentException for an empty matrix or
    /// a NaN / infinite value (sklearn rejects those too).</summary>
    public IsolationForestModel Train(FeatureMatrix x, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows < 1) throw new ArgumentException("Cannot train an Isolation Forest on zero rows.", nameof(x));
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));

        var maxSamples = Math.Min(Options.MaxSamples ?? 256, x.Rows);
        var maxDepth = IsolationForestMath.DepthLimit(maxSamples);
        var trees = new IsolationTree[Options.TreeCount];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism ?? -1,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, trees.Length, parallel, i =>
        {
            var rng = new SeededRandom(Options.Seed, i);
            trees[i] = new TreeGrower(x, maxSamples, maxDepth).Grow(ref rng);
        });

        var model = new IsolationForestModel(trees, maxSamples, x.Columns, -0.5);
        if (Options.Contamination is not { } contamination) return model;

        var scores = new IsolationForestScorer(model).ScoreSamples(x, Options.MaxDegreeOfParallelism);
        return model with { Offset = Thresholds.NumpyPercentile.Compute(scores, 100.0 * contamination) };
    }

    /// <summary>Grows one tree; holds the per-tree scratch so the recursion stays allocation free.</summary>
    private sealed class TreeGrower
    {
        private readonly float[] _x;
        private readonly int _columns;
        private readonly int _rows;
        private readonly int _maxSamples;
        private readonly int _maxDepth;
        private readonly int[] _features;
        private int[] _samples = [];
        private readonly float[] _values; // the chosen feature's values, in step with _samples[start..end)
        private readonly int[] _left, _right, _feature, _nodeSamples, _depth;
        private readonly float[] _threshold;
        private int _count;

        public TreeGrower(FeatureMatrix x, int maxSamples, int maxDepth)
        {
            _x = x.Data;
            _columns = x.Columns;
            _rows = x.Rows;
            _maxSamples = maxSamples;
            _maxDepth = maxDepth;
            _features = new int[_columns];
            for (var f = 0; f < _columns; f++) _features[f] = f;
            _values = new float[maxSamples];
            var capacity = 2 * maxSamples - 1;
            _left = new int[capacity];
            _right = new int[capacity];
            _feature = new int[capacity];
            _nodeSamples = new int[capacity];
            _depth = new int[capacity];
            _threshold = new float[capacity];
        }

        public IsolationTree Grow(ref SeededRandom rng)
        {
            _samples = DrawWithoutReplacement(_rows, _maxSamples, ref rng);
            Build(0, _samples.Length, 0, 0, ref rng);
            return new IsolationTree(_left[.._count], _right[.._count], _feature[.._count], _threshold[.._count],
                _nodeSamples[.._count], _depth[.._count]);
        }

        /// <summary>Robert Floyd's sampling: k distinct indices of [0, n) in O(k), independent of n.</summary>
        private static int[] DrawWithoutReplacement(int n, int k, ref SeededRandom rng)
        {
            var chosen = new HashSet<int>(k);
            var result = new int[k];
            var next = 0;
            for (var j = n - k; j < n; j++)
            {
                var t = rng.NextInt(j + 1);
                var pick = chosen.Add(t) ? t : j;
                if (pick == j) chosen.Add(j);
                result[next++] = pick;
            }
            return result;
        }

        // Tiered JIT would run this first as unoptimised code; training is short, so ask for full optimisation at once.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private int Build(int start, int end, int depth, int knownConstants, ref SeededRandom rng)
        {
            var id = _count++;
            _nodeSamples[id] = end - start;
            _depth[id] = depth;
            _left[id] = _right[id] = -1;
            _feature[id] = -1;
            _threshold[id] = -2f; // sklearn's TREE_UNDEFINED value for leaves
            if (depth >= _maxDepth || end - start < 2) return id;

            var x = _x;
            var columns = _columns;
            var samples = _samples;
            var values = _values;
            var constants = knownConstants;
            while (constants < columns)
            {
                var j = constants + rng.NextInt(columns - constants);
                var f = _features[j];
                // One strided read per sample (rows are far apart in memory); the partition below reuses the copy.
                var min = values[start] = x[samples[start] * columns + f];
                var max = min;
                for (var p = start + 1; p < end; p++)
                {
                    var v = values[p] = x[samples[p] * columns + f];
                    if (v < min) min = v;
                    else if (v > max) max = v;
                }
                if (max <= min + FeatureThreshold)
                {
                    // Constant here, so constant in every descendant: move it into the known-constant prefix.
                    (_features[j], _features[constants]) = (_features[constants], _features[j]);
                    constants++;
                    continue;
                }

                var t = min + rng.NextDouble() * ((double)max - min);
                if (t == max) t = min;
                var threshold = IsolationForestMath.ThresholdToFloat(t);

                // In-place partition, as sklearn's splitter: samples <= threshold first.
                var lo = start;
                var hi = end;
                while (lo < hi)
                {
                    if (values[lo] <= threshold) lo++;
                    else
                    {
                        hi--;
                        (samples[lo], samples[hi]) = (samples[hi], samples[lo]);
                        (values[lo], values[hi]) = (values[hi], values[lo]);
                    }
                }

                _feature[id] = f;
                _threshold[id] = threshold;
                _left[id] = Build(start, lo, depth + 1, constants, ref rng);
                _right[id] = Build(lo, end, depth + 1, constants, ref rng);
                return id;
            }
            return id; // every feature constant in this node
        }
    }
}
