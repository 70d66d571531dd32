using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.OneClassSvm;

/// <summary>
/// Columns of the RBF kernel matrix Q_ij = exp(-gamma |x_i - x_j|^2) on demand, least recently used evicted when the
/// memory budget is full - libsvm's Cache, with its choice of float storage (Qfloat) to halve the memory. Entries are
/// computed in double and each independently, so a column is the same whatever the thread count.
/// </summary>
internal sealed class OneClassSvmKernelCache
{
    private readonly FeatureMatrix _x;
    private readonly double _gamma;
    private readonly float[]?[] _columns;
    private readonly LinkedListNode<int>?[] _nodes;
    private readonly LinkedList<int> _recent = new();
    private readonly int _capacity;
    private readonly ParallelOptions _parallel;

    public OneClassSvmKernelCache(FeatureMatrix x, double gamma, long budgetBytes, ParallelOptions parallel)
    {
        _x = x;
        _gamma = gamma;
        _columns = new float[]?[x.Rows];
        _nodes = new LinkedListNode<int>?[x.Rows];
        // At least two: a solver step needs columns i and j at once.
        _capacity = (int)Math.Clamp(budgetBytes / (4L * x.Rows), 2, x.Rows);
        _parallel = parallel;
    }

    /// <summary>Columns computed so far (for diagnostics and tests).</summary>
    public int ComputedColumns { get; private set; }

    public float[] Column(int j)
    {
        if (_columns[j] is { } cached)
        {
            _recent.Remove(_nodes[j]!);
            _recent.AddFirst(_nodes[j]!);
            return cached;
        }
        float[] column;
        if (_recent.Count >= _capacity)
        {
            var evicted = _recent.Last!.Value;
            _recent.RemoveLast();
            column = _columns[evicted]!;
            _columns[evicted] = null;
            _nodes[evicted] = null;
        }
        else
        {
            column = new float[_x.Rows];
        }
        Fill(j, column);
        ComputedColumns++;
        _columns[j] = column;
        _nodes[j] = _recent.AddFirst(j);
        return column;
    }

    private void Fill(int j, float[] column)
    {
        const int chunk = 64;
        int n = _x.Rows;
        Parallel.For(0, (n + chunk - 1) / chunk, _parallel, c =>
        {
            var xj = _x.Row(j);
            int end = Math.Min(n, (c + 1) * chunk);
            for (int t = c * chunk; t < end; t++)
                column[t] = (float)Math.Exp(-_gamma * VectorMath.SquaredDistance(_x.Row(t), xj));
        });
    }
}
