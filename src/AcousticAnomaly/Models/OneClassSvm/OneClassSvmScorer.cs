using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.OneClassSvm;

/// <summary>scikit-learn's OneClassSVM.decision_function for a <see cref="OneClassSvmModel"/>, in double.</summary>
public sealed class OneClassSvmScorer
{
    private readonly OneClassSvmModel _model;

    public OneClassSvmScorer(OneClassSvmModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        _model = model;
    }

    /// <summary>sum_i alpha_i exp(-gamma |x - sv_i|^2) - rho per row; negative = outside the boundary (anomalous).</summary>
    public double[] DecisionFunction(FeatureMatrix x, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int d = _model.FeatureCount;
        if (x.Columns != d) throw new ArgumentException($"vectors have {x.Columns} values; the one-class SVM expects {d}", nameof(x));
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));
        var result = new double[x.Rows];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1 };
        Parallel.For(0, x.Rows, parallel, r =>
        {
            var row = x.Row(r);
            double sum = 0;
            for (int s = 0; s < _model.SupportVectorCount; s++)
                sum += _model.Coefficients[s] * Math.Exp(-_model.Gamma * VectorMath.SquaredDistance(row, _model.SupportVectors.AsSpan(s * d, d)));
            result[r] = sum - _model.Rho;
        });
        return result;
    }

    /// <summary>sklearn's score_samples: decision_function + rho (higher = more normal).</summary>
    public double[] ScoreSamples(FeatureMatrix x, int? maxDegreeOfParallelism = null)
    {
        var decision = DecisionFunction(x, maxDegreeOfParallelism);
        for (int i = 0; i < decision.Length; i++) decision[i] += _model.Rho;
        return decision;
    }
}
