namespace AcousticAnomaly.Models.Autoencoder;

/// <summary>
/// Training options for <see cref="AutoencoderTrainer"/>. Defaults are the DCASE 2020-2023 Task 2 dense autoencoder
/// baseline (its keras_model.py and baseline.yaml) with Keras' own defaults where the baseline relies on them.
/// </summary>
/// <param name="HiddenUnits">Units of every hidden Dense layer (128).</param>
/// <param name="BottleneckUnits">Units of the middle Dense layer (8).</param>
/// <param name="HiddenLayers">Hidden Dense layers on EACH side of the bottleneck (4): the net is
/// D -> HiddenUnits x HiddenLayers -> BottleneckUnits -> HiddenUnits x HiddenLayers -> D.</param>
/// <param name="Epochs">Passes over the training rows (100).</param>
/// <param name="BatchSize">Rows per gradient step (512); the last batch of an epoch may be smaller, as in Keras.</param>
/// <param name="LearningRate">Adam's learning rate (Keras default 0.001).</param>
/// <param name="Beta1">Adam's first-moment decay (0.9).</param>
/// <param name="Beta2">Adam's second-moment decay (0.999).</param>
/// <param name="AdamEpsilon">Adam's epsilon (Keras default 1e-7, not PyTorch's 1e-8).</param>
/// <param name="ValidationSplit">Share of rows held out to report validation loss (0.1); Keras takes the LAST rows
/// (before any shuffle), and so do we unless <paramref name="ShuffleBeforeSplit"/>. 0 = no validation.</param>
/// <param name="ShuffleBeforeSplit">Shuffle rows (seeded) before the split, so validation rows come from all clips.</param>
/// <param name="BatchNormMomentum">Moving-statistics momentum of BatchNormalization (Keras 0.99).</param>
/// <param name="BatchNormEpsilon">BatchNormalization's epsilon (Keras 1e-3).</param>
/// <param name="Seed">Seeds weight initialisation and shuffling; the same seed and data give the same weights.</param>
/// <param name="MaxDegreeOfParallelism">Threads for the matrix products; -1 = all cores. Results do not depend on it.</param>
/// <param name="Standardize">Standardise every input feature with the training mean and standard deviation before the
/// network (and score the error in those units); the exported graph does the same. Not in the DCASE baseline, which
/// feeds raw dB - but with raw dB the MSE is dominated by the bands with the widest spread, and on small training sets
/// (hundreds of vectors, so only a hundred or so Adam steps in 100 epochs) the raw-dB network barely learns. On by
/// default; false gives the baseline exactly.</param>
public sealed record AutoencoderOptions(
    int HiddenUnits = 128,
    int BottleneckUnits = 8,
    int HiddenLayers = 4,
    int Epochs = 100,
    int BatchSize = 512,
    double LearningRate = 1e-3,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double AdamEpsilon = 1e-7,
    double ValidationSplit = 0.1,
    bool ShuffleBeforeSplit = false,
    double BatchNormMomentum = 0.99,
    double BatchNormEpsilon = 1e-3,
    int Seed = 0,
    int MaxDegreeOfParallelism = -1,
    bool Standardize = true)
{
    /// <summary>Throws ArgumentException naming the first invalid option.</summary>
    public void Validate()
    {
        static void Require(bool ok, string name, string problem)
        {
            if (!ok) throw new ArgumentException($"Invalid autoencoder option: {name} {problem}", name);
        }

        Require(HiddenUnits >= 1, nameof(HiddenUnits), $"must be at least 1 (got {HiddenUnits}).");
        Require(BottleneckUnits >= 1, nameof(BottleneckUnits), $"must be at least 1 (got {BottleneckUnits}).");
        Require(HiddenLayers >= 0, nameof(HiddenLayers), $"cannot be negative (got {HiddenLayers}).");
        Require(Epochs >= 1, nameof(Epochs), $"must be at least 1 (got {Epochs}).");
        Require(BatchSize >= 1, nameof(BatchSize), $"must be at least 1 (got {BatchSize}).");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be a positive number (got {LearningRate}).");
        Require(Beta1 >= 0 && Beta1 < 1, nameof(Beta1), $"must be in [0, 1) (got {Beta1}).");
        Require(Beta2 >= 0 && Beta2 < 1, nameof(Beta2), $"must be in [0, 1) (got {Beta2}).");
        Require(AdamEpsilon > 0 && double.IsFinite(AdamEpsilon), nameof(AdamEpsilon), $"must be a positive number (got {AdamEpsilon}).");
        Require(ValidationSplit >= 0 && ValidationSplit < 1, nameof(ValidationSplit), $"must be in [0, 1) (got {ValidationSplit}).");
        Require(BatchNormMomentum >= 0 && BatchNormMomentum < 1, nameof(BatchNormMomentum), $"must be in [0, 1) (got {BatchNormMomentum}).");
        Require(BatchNormEpsilon > 0 && double.IsFinite(BatchNormEpsilon), nameof(BatchNormEpsilon), $"must be a positive number (got {BatchNormEpsilon}).");
        Require(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism >= 1, nameof(MaxDegreeOfParallelism), $"must be -1 or at least 1 (got {MaxDegreeOfParallelism}).");
    }
}
