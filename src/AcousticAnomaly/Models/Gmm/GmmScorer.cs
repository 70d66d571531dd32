using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models.Gmm;

/// <summary>
/// Per-vector log-likelihood under a <see cref="GmmModel"/> (scikit-learn's score_samples) and the Score, its
/// negation: unlikely under everything heard in training = anomalous.
/// </summary>
public sealed class GmmScorer
{
    private readonly GmmModel _model;
    private readonly double[] _logConst;

    public GmmScorer(GmmModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        _model = model;
        int k = model.ComponentCount, d = model.FeatureCount;
        _logConst = new double[k];
        for (int c = 0; c < k; c++)
        {
            // log w - D/2 log(2 pi) + log det(precision cholesky) = log w - D/2 log(2 pi) - 1/2 sum log var.
            double logDet = 0;
            for (int j = 0; j < d; j++) logDet -= 0.5 * Math.Log(model.Variances[c * d + j]);
            _logConst[c] = Math.Log(model.Weights[c]) - 0.5 * d * Math.Log(2 * Math.PI) + logDet;
        }
    }

    /// <summary>Log of the mixture density at each row (sklearn score_samples).</summary>
    public double[] LogLikelihood(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != _model.FeatureCount)
            throw new ArgumentException($"The model expects {_model.FeatureCount} features per vector, got {x.Columns}.", nameof(x));
        var result = new double[x.Rows];
        var perComponent = new double[_model.ComponentCount];
        for (int r = 0; r < x.Rows; r++) result[r] = LogLikelihood(x.Data.AsSpan(r * x.Columns, x.Columns), perComponent);
        return result;
    }

    /// <summary>Score = -log-likelihood (higher = more anomalous).</summary>
    public double[] Score(FeatureMatrix x)
    {
        var s = LogLikelihood(x);
        for (int i = 0; i < s.Length; i++) s[i] = -s[i];
        return s;
    }

    internal double LogLikelihood(ReadOnlySpan<float> row, Span<double> perComponent) =>
        GmmMath.LogSumExp(ComponentLogDensities(row, perComponent));

    internal Span<double> ComponentLogDensities(ReadOnlySpan<float> row, Span<double> perComponent)
    {
        int d = _model.FeatureCount;
        for (int c = 0; c < _model.ComponentCount; c++)
        {
            double quad = 0;
            var mean = _model.Means.AsSpan(c * d, d);
            var variance = _model.Variances.AsSpan(c * d, d);
            for (int j = 0; j < d; j++)
            {
                double diff = row[j] - mean[j];
                quad += diff * diff / variance[j];
            }
            perComponent[c] = _logConst[c] - 0.5 * quad;
        }
        return perComponent;
    }
}
