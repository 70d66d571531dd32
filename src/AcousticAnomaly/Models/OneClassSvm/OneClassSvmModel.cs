using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.OneClassSvm;

/// <summary>
/// A fitted one-class SVM (RBF kernel), as scikit-learn holds it: decision_function(x) = sum_i Coefficients[i] *
/// exp(-Gamma |x - SV_i|^2) - Rho (negative = outside the boundary = anomalous); score_samples = decision + Rho.
/// </summary>
/// <param name="SupportVectors">SupportVectorCount x FeatureCount, row-major (sklearn support_vectors_).</param>
/// <param name="Coefficients">The support vectors' dual coefficients alpha_i in (0, 1] (sklearn dual_coef_).</param>
/// <param name="Rho">The offset (sklearn offset_ = -intercept_).</param>
/// <param name="Gamma">The RBF kernel width actually used (sklearn _gamma).</param>
/// <param name="FeatureCount">Values per vector.</param>
/// <param name="TrainingVectors">Vectors the solver saw (after any subsampling).</param>
/// <param name="Iterations">Solver iterations.</param>
public sealed record OneClassSvmModel(float[] SupportVectors, double[] Coefficients, double Rho, double Gamma, int FeatureCount,
    int TrainingVectors, int Iterations)
{
    public int SupportVectorCount => Coefficients.Length;

    /// <summary>Throws ArgumentException if the arrays disagree or hold non-finite values.</summary>
    public void Validate()
    {
        if (FeatureCount < 1) throw new ArgumentException($"FeatureCount must be at least 1 (got {FeatureCount}).");
        if (Coefficients is null || Coefficients.Length == 0) throw new ArgumentException("The model has no support vectors.");
        if (SupportVectors is null || SupportVectors.Length != Coefficients.Length * FeatureCount)
            throw new ArgumentException($"SupportVectors must hold {Coefficients.Length} x {FeatureCount} values.");
        if (FeatureMatrixChecks.FirstNonFinite(SupportVectors) >= 0 || Coefficients.Any(c => !double.IsFinite(c)))
            throw new ArgumentException("Support vectors and coefficients must be finite.");
        if (!double.IsFinite(Rho)) throw new ArgumentException("Rho must be finite.");
        if (!(Gamma > 0 && double.IsFinite(Gamma))) throw new ArgumentException($"Gamma must be positive and finite (got {Gamma}).");
    }
}
