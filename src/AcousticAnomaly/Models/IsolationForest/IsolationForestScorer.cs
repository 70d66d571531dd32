using AcousticAnomaly.Features;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>
/// Scores vectors with an <see cref="IsolationForestModel"/> exactly as scikit-learn's IsolationForest:
/// score_samples = -2^(-sum over trees of (leaf depth + c(leaf samples)) / (trees * c(MaxSamples))), lower = more
/// abnormal; decision_function = score_samples - Offset; predict = -1 where decision_function &lt; 0, else 1.
/// The trees are flattened once into one array of 16-byte nodes with absolute child indices and each leaf's path
/// length (depth + c(n)) is precomputed. Leaves are made absorbing (threshold +inf, both children = itself; inputs
/// are checked finite, so x &lt;= +inf always holds), which lets every walk take exactly the tree's height in steps
/// with a branch-free child select instead of a hard-to-predict branch per node, and four trees are walked at once
/// so their dependent loads overlap. (Walking one tree for a block of rows measured no faster, so rows are scored
/// one at a time.) Batches split rows into blocks scored in parallel. No allocation per row.
/// Thread safe: instances are immutable after construction.
/// </summary>
public sealed class IsolationForestScorer
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Node
    {
        public int Feature;     // 0 for a leaf (any valid index; its +inf threshold always sends x "left")
        public float Threshold;
        public int Left;        // absolute index in _nodes; a leaf points at itself
        public int Right;
    }

    private readonly Node[] _nodes;
    private readonly int[] _roots;
    private readonly int[] _heights;           // steps from root to the deepest leaf, per tree
    private readonly double[] _leafPathLength; // by absolute node index; 0 for internal nodes
    private readonly double _denominator;

    /// <summary>Validates and flattens <paramref name="model"/>. Throws ArgumentException naming the tree and node of
    /// any inconsistency (so a corrupt model is refused up front rather than crashing or looping while scoring).</summary>
    public IsolationForestScorer(IsolationForestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        IsolationForestValidation.Validate(model);
        Model = model;
        var total = 0;
        foreach (var tree in model.Trees) total = checked(total + tree.NodeCount);
        _nodes = new Node[total];
        _leafPathLength = new double[total];
        _roots = new int[model.Trees.Count];
        _heights = new int[model.Trees.Count];
        var offset = 0;
        for (var t = 0; t < model.Trees.Count; t++)
        {
            var tree = model.Trees[t];
            _roots[t] = offset;
            for (var n = 0; n < tree.NodeCount; n++)
            {
                ref var node = ref _nodes[offset + n];
                if (tree.IsLeaf(n))
                {
                    node.Feature = 0;
                    node.Threshold = float.PositiveInfinity;
                    node.Left = node.Right = offset + n;
                    _heights[t] = Math.Max(_heights[t], tree.Depth[n]);
                    // sklearn: (nodes on the decision path = depth + 1) + c(n) - 1.0, kept in that order for equal rounding.
                    _leafPathLength[offset + n] = (tree.Depth[n] + 1 + IsolationForestMath.AveragePathLength(tree.NodeSamples[n])) - 1.0;
                }
                else
                {
                    node.Feature = tree.Feature[n];
                    node.Threshold = tree.Threshold[n];
                    node.Left = offset + tree.Left[n];
                    node.Right = offset + tree.Right[n];
                }
            }
            offset += tree.NodeCount;
        }
        _denominator = model.Trees.Count * IsolationForestMath.AveragePathLength(model.MaxSamples);
    }

    public IsolationForestModel Model { get; }

    public int FeatureCount => Model.FeatureCount;

    public double Offset => Model.Offset;

    /// <summary>score_samples of one vector (length FeatureCount). Allocation free.</summary>
    public double ScoreSample(ReadOnlySpan<float> x)
    {
        if (x.Length != Model.FeatureCount)
            throw new ArgumentException($"The vector has {x.Length} values; the model expects {Model.FeatureCount}.", nameof(x));
        if (FeatureMatrixChecks.FirstNonFinite(x) is var bad and >= 0)
            throw new ArgumentException($"Value {bad} is {(float.IsNaN(x[bad]) ? "NaN" : "infinite")}; features must be finite.", nameof(x));
        return ToScore(PathLengthSum(ref MemoryMarshal.GetReference(x)));
    }

    /// <summary>decision_function of one vector: ScoreSample - Offset (negative = anomalous).</summary>
    public double DecisionFunction(ReadOnlySpan<float> x) => ScoreSample(x) - Model.Offset;

    /// <summary>predict of one vector: -1 anomaly, 1 normal.</summary>
    public int Predict(ReadOnlySpan<float> x) => DecisionFunction(x) < 0 ? -1 : 1;

    /// <summary>score_samples of every row, rows scored in parallel (null = all cores).</summary>
    public double[] ScoreSamples(FeatureMatrix x, int? maxDegreeOfParallelism = null)
    {
        var result = new double[CheckMatrix(x).Rows];
        ScoreSamples(x, result, maxDegreeOfParallelism);
        return result;
    }

    /// <summary>score_samples of every row into <paramref name="destination"/> (length &gt;= rows).</summary>
    public void ScoreSamples(FeatureMatrix x, double[] destination, int? maxDegreeOfParallelism = null)
    {
        CheckMatrix(x);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Length < x.Rows)
            throw new ArgumentException($"Destination holds {destination.Length} scores; {x.Rows} are needed.", nameof(destination));
        var chunks = (x.Rows + BlockRows - 1) / BlockRows;
        if (chunks <= 1 || maxDegreeOfParallelism == 1)
        {
            for (var c = 0; c < chunks; c++) ScoreBlock(x, c, destination);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1 },
            c => ScoreBlock(x, c, destination));
    }

    /// <summary>Rows per parallel work item: large enough to amortise scheduling, small enough to balance two cores.</summary>
    private const int BlockRows = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScoreBlock(FeatureMatrix x, int block, double[] destination)
    {
        var start = block * BlockRows;
        var end = Math.Min(x.Rows, start + BlockRows);
        var columns = x.Columns;
        for (var r = start; r < end; r++) destination[r] = ToScore(PathLengthSum(ref x.Data[r * columns]));
    }

    /// <summary>One branch-free step: the left child when x[feature] &lt;= threshold, else the right one. Absorbing
    /// leaves return themselves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref Node nodes, int n, ref float row)
    {
        ref var node = ref Unsafe.Add(ref nodes, n);
        var goRight = Unsafe.Add(ref row, node.Feature) <= node.Threshold ? 0 : 1;
        return node.Left + ((node.Right - node.Left) & -goRight);
    }

    /// <summary>decision_function of every row: score_samples - Offset.</summary>
    public double[] DecisionFunction(FeatureMatrix x, int? maxDegreeOfParallelism = null)
    {
        var scores = ScoreSamples(x, maxDegreeOfParallelism);
        for (var i = 0; i < scores.Length; i++) scores[i] -= Model.Offset;
        return scores;
    }

    /// <summary>predict of every row: -1 anomaly (decision_function &lt; 0), 1 normal.</summary>
    public int[] Predict(FeatureMatrix x, int? maxDegreeOfParallelism = null)
    {
        var decision = DecisionFunction(x, maxDegreeOfParallelism);
        var labels = new int[decision.Length];
        for (var i = 0; i < labels.Length; i++) labels[i] = decision[i] < 0 ? -1 : 1;
        return labels;
    }

    private FeatureMatrix CheckMatrix(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != Model.FeatureCount)
            throw new ArgumentException($"The matrix has {x.Columns} columns; the model expects {Model.FeatureCount}.", nameof(x));
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));
        return x;
    }

    private double ToScore(double pathLengthSum)
    {
        // sklearn: when c(max_samples) = 0 (a single training row) the ratio is set to 1, giving -2^-1.
        var ratio = _denominator != 0 ? pathLengthSum / _denominator : 1.0;
        return -Math.Pow(2.0, -ratio);
    }

    /// <summary>Sum over trees of the leaf path length for the row starting at <paramref name="row"/>. The caller has
    /// checked the row holds FeatureCount values and the model validation guarantees every feature index is below that,
    /// so the unchecked reads stay inside the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double PathLengthSum(ref float row)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        var roots = _roots;
        var heights = _heights;
        var leafPath = _leafPathLength;
        var sum = 0.0;
        var t = 0;
        // Four trees at once: independent walks whose loads overlap. Absorbing leaves make the extra steps of the
        // shallower trees harmless. The sum still runs in tree order, as sklearn's does.
        for (; t + 4 <= roots.Length; t += 4)
        {
            int n0 = roots[t], n1 = roots[t + 1], n2 = roots[t + 2], n3 = roots[t + 3];
            var height = Math.Max(Math.Max(heights[t], heights[t + 1]), Math.Max(heights[t + 2], heights[t + 3]));
            for (var d = 0; d < height; d++)
            {
                n0 = Step(ref nodes, n0, ref row);
                n1 = Step(ref nodes, n1, ref row);
                n2 = Step(ref nodes, n2, ref row);
                n3 = Step(ref nodes, n3, ref row);
            }
            sum += leafPath[n0];
            sum += leafPath[n1];
            sum += leafPath[n2];
            sum += leafPath[n3];
        }
        for (; t < roots.Length; t++)
        {
            var n = roots[t];
            for (var d = heights[t]; d > 0; d--) n = Step(ref nodes, n, ref row);
            sum += leafPath[n];
        }
        return sum;
    }
}
