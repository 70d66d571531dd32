using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models.Gmm;

/// <summary>
/// Training options for <see cref="GmmTrainer"/>: a diagonal-covariance Gaussian mixture (scikit-learn's
/// GaussianMixture with covariance_type='diag', init_params='kmeans'), the component count chosen on the training
/// vectors by the Bayesian information criterion unless <see cref="Components"/> fixes it.
/// </summary>
/// <param name="MaxComponents">BIC tries 1..MaxComponents components (never more than the training vectors).</param>
/// <param name="Components">A fixed component count instead of the BIC choice.</param>
/// <param name="RegCovar">Added to every variance (sklearn reg_covar). 1e-3 rather than sklearn's 1e-6: with one vector
/// per clip and a few dozen clips, a component can sit on a handful of clips whose band levels barely differ, and a
/// near-zero variance there turns any later clip into an extreme score.</param>
/// <param name="MaxIterations">EM iterations at most (sklearn max_iter).</param>
/// <param name="Tolerance">EM stops when the mean log-likelihood gains less than this (sklearn tol).</param>
/// <param name="Seed">Seed of the k-means initialisation (restart 0; later restarts derive theirs from it).</param>
/// <param name="Restarts">Mixtures fitted from this many k-means starts (each with its own BIC choice of the component
/// count) and kept together as one mixture, every restart's weights divided by Restarts: the model's density is the
/// average of the restarts' densities. This is not scikit-learn's n_init, which keeps only the restart with the best
/// lower bound: on dcase2023-valve-source (TWFR, 25 clips, seeds 0-9) scikit-learn's AUC was 0.988 ± 0.007 with n_init 1
/// and 0.989 ± 0.008 with n_init 5, ours with 5 averaged restarts 0.991 ± 0.002 (one restart, seeds 0-2: 0.985 ± 0.007;
/// docs/benchmarks.md): with a few dozen clips which clips share a component depends on the start, and each start's
/// mixture fits its own grouping. 1 = one fit, as scikit-learn's GaussianMixture.</param>
public sealed record GmmOptions(
    int MaxComponents = 4,
    int? Components = null,
    double RegCovar = 1e-3,
    int MaxIterations = 100,
    double Tolerance = 1e-3,
    int Seed = 0,
    int Restarts = 5)
{
    /// <summary>The feature set GMM models are trained on unless told otherwise: TWFR pooling (as Guan et al.).</summary>
    public const FeatureSet RecommendedFeatureSet = FeatureSet.LogMelTwfr;

    /// <summary>Throws ArgumentException naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxComponents < 1) throw new ArgumentException($"MaxComponents must be at least 1 (got {MaxComponents}).", nameof(MaxComponents));
        if (Components is < 1) throw new ArgumentException($"Components must be at least 1 (got {Components}).", nameof(Components));
        if (!(RegCovar >= 0) || double.IsInfinity(RegCovar)) throw new ArgumentException($"RegCovar must be a finite number >= 0 (got {RegCovar}).", nameof(RegCovar));
        if (MaxIterations < 1) throw new ArgumentException($"MaxIterations must be at least 1 (got {MaxIterations}).", nameof(MaxIterations));
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance)) throw new ArgumentException($"Tolerance must be a finite number >= 0 (got {Tolerance}).", nameof(Tolerance));
        if (Restarts < 1) throw new ArgumentException($"Restarts must be at least 1 (got {Restarts}).", nameof(Restarts));
    }
}
