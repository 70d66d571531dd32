namespace AcousticAnomaly.Models.Knn;

/// <summary>
/// The memory bank: training vectors (M x D, after standardisation when Mean is set), k, and for density
/// normalisation each training vector's k-distance and local reachability density (sklearn's _distances_fit_X_[:, k-1]
/// and _lrd).
/// </summary>
public sealed record KnnModel(float[] Bank, int FeatureCount, int Neighbors, float[]? Mean, float[]? Scale, double[]? KDistance, double[]? Lrd)
{
    public int BankSize => Bank.Length / FeatureCount;

    public bool DensityNormalized => Lrd is not null;

    public void Validate()
    {
        if (FeatureCount < 1 || Bank.Length == 0 || Bank.Length % FeatureCount != 0)
            throw new ArgumentException("The memory bank must hold whole vectors.");
        if (Neighbors < 1 || Neighbors > BankSize) throw new ArgumentException($"k must be between 1 and the bank size {BankSize} (got {Neighbors}).");
        if ((KDistance is null) != (Lrd is null) || KDistance is { } kd && (kd.Length != BankSize || Lrd!.Length != BankSize))
            throw new ArgumentException("Density normalisation needs one k-distance and one density per bank vector.");
        if ((Mean is null) != (Scale is null)) throw new ArgumentException("Standardisation needs both mean and scale.");
    }
}
