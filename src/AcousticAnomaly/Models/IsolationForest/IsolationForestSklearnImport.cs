namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>
/// Builds the float contract from scikit-learn's tree arrays (estimators_[i].tree_: children_left, children_right,
/// feature, threshold, n_node_samples). Leaves (children -1, feature -2 in sklearn) get Feature = -1; thresholds are
/// rounded DOWN to float (<see cref="IsolationForestMath.ThresholdToFloat"/>) so float32 inputs take the same branches
/// as in sklearn; depths are derived from the structure.
/// </summary>
public static class IsolationForestSklearnImport
{
    public static IsolationTree TreeFromArrays(int[] childrenLeft, int[] childrenRight, int[] feature, double[] threshold, int[] nodeSamples)
    {
        ArgumentNullException.ThrowIfNull(childrenLeft);
        ArgumentNullException.ThrowIfNull(childrenRight);
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(nodeSamples);
        var count = childrenLeft.Length;
        if (count == 0 || childrenRight.Length != count || feature.Length != count || threshold.Length != count || nodeSamples.Length != count)
            throw new ArgumentException($"sklearn tree arrays must be non-empty and of equal length (children_left has {count}).");
        var depth = new int[count];
        var feat = new int[count];
        var thr = new float[count];
        var seen = new bool[count];
        seen[0] = true;
        for (var n = 0; n < count; n++)
        {
            // sklearn numbers nodes in pre-order, so a parent always comes before its children.
            if (!seen[n]) throw new ArgumentException($"sklearn tree node {n} is not reached from the root before its index.");
            var leaf = childrenLeft[n] < 0;
            feat[n] = leaf ? -1 : feature[n];
            thr[n] = leaf ? -2f : IsolationForestMath.ThresholdToFloat(threshold[n]);
            if (leaf) continue;
            foreach (var child in (ReadOnlySpan<int>)[childrenLeft[n], childrenRight[n]])
            {
                if (child <= n || child >= count) throw new ArgumentException($"sklearn tree node {n} has child {child} out of order or range.");
                depth[child] = depth[n] + 1;
                seen[child] = true;
            }
        }
        var left = childrenLeft.Select(c => c < 0 ? -1 : c).ToArray();
        var right = childrenRight.Select(c => c < 0 ? -1 : c).ToArray();
        return new IsolationTree(left, right, feat, thr, (int[])nodeSamples.Clone(), depth);
    }
}
