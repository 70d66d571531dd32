namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>Structural checks of an <see cref="IsolationForestModel"/> (models can come from files or other tools).</summary>
public static class IsolationForestValidation
{
    /// <summary>
    /// Throws ArgumentException naming the first problem: no trees, bad MaxSamples / FeatureCount / Offset, arrays of
    /// different lengths, a feature index out of range, a NaN threshold, a child index that is not after its parent
    /// (the rule that makes every walk terminate; sklearn's pre-order numbering always satisfies it), a node reached
    /// twice or never, a half leaf, or a Depth entry that disagrees with the structure.
    /// </summary>
    public static void Validate(IsolationForestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Trees is null || model.Trees.Count == 0) throw new ArgumentException("The model has no trees.", nameof(model));
        if (model.MaxSamples < 1) throw new ArgumentException($"MaxSamples must be at least 1 (got {model.MaxSamples}).", nameof(model));
        if (model.FeatureCount < 1) throw new ArgumentException($"FeatureCount must be at least 1 (got {model.FeatureCount}).", nameof(model));
        if (!double.IsFinite(model.Offset)) throw new ArgumentException($"Offset must be finite (got {model.Offset}).", nameof(model));
        for (var t = 0; t < model.Trees.Count; t++) ValidateTree(model.Trees[t], t, model.FeatureCount);
    }

    private static void ValidateTree(IsolationTree? tree, int t, int featureCount)
    {
        if (tree is null) throw new ArgumentException($"Tree {t} is null.", "model");
        // Arrays may be null when a model was deserialized from a damaged file, despite the non-nullable contract.
        int[]? l = tree.Left, r = tree.Right, f = tree.Feature, s = tree.NodeSamples, d = tree.Depth;
        float[]? th = tree.Threshold;
        var count = l?.Length ?? 0;
        if (count == 0) throw new ArgumentException($"Tree {t} has no nodes.", "model");
        if (r?.Length != count || f?.Length != count || th?.Length != count || s?.Length != count || d?.Length != count)
            throw new ArgumentException($"Tree {t}: Left, Right, Feature, Threshold, NodeSamples and Depth must all have {count} entries.", "model");
        var reached = new bool[count];
        reached[0] = true;
        if (tree.Depth[0] != 0) throw new ArgumentException($"Tree {t}: the root's depth is {tree.Depth[0]}, not 0.", "model");
        for (var n = 0; n < count; n++)
        {
            string Where() => $"Tree {t}, node {n}";
            if (!reached[n]) throw new ArgumentException($"{Where()} is not reachable from the root.", "model");
            if (tree.NodeSamples[n] < 0) throw new ArgumentException($"{Where()}: NodeSamples is negative.", "model");
            var left = tree.Left[n];
            var right = tree.Right[n];
            if (left < 0 || right < 0)
            {
                if (left != -1 || right != -1) throw new ArgumentException($"{Where()}: a leaf must have Left = Right = -1 (got {left}, {right}).", "model");
                continue;
            }
            foreach (var child in (ReadOnlySpan<int>)[left, right])
            {
                if (child <= n || child >= count)
                    throw new ArgumentException($"{Where()}: child {child} must lie after the node and inside the tree ({count} nodes).", "model");
                if (reached[child]) throw new ArgumentException($"{Where()}: node {child} has two parents.", "model");
                reached[child] = true;
                if (tree.Depth[child] != tree.Depth[n] + 1)
                    throw new ArgumentException($"{Where()}: child {child} has depth {tree.Depth[child]}, expected {tree.Depth[n] + 1}.", "model");
            }
            if ((uint)tree.Feature[n] >= (uint)featureCount)
                throw new ArgumentException($"{Where()}: feature {tree.Feature[n]} is outside [0, {featureCount}).", "model");
            if (float.IsNaN(tree.Threshold[n])) throw new ArgumentException($"{Where()}: threshold is NaN.", "model");
        }
    }
}
