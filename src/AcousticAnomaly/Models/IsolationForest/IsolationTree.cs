namespace AcousticAnomaly.Models.IsolationForest;

/// <summary>
/// One fitted isolation tree in scikit-learn's array layout (node 0 is the root). A leaf has Left = Right = -1 and
/// Feature = -1. A sample goes left when x[Feature] &lt;= Threshold. NodeSamples is the number of training samples
/// that reached the node (needed for c(n) at the leaves); Depth is the node's depth (root = 0).
/// </summary>
public sealed record IsolationTree(int[] Left, int[] Right, int[] Feature, float[] Threshold, int[] NodeSamples, int[] Depth)
{
    public int NodeCount => Left.Length;
    public bool IsLeaf(int node) => Left[node] < 0;
}
