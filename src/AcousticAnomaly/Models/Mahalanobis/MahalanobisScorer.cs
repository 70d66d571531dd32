using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models.Mahalanobis;

/// <summary>Squared Mahalanobis distance of each vector to the training location (scikit-learn's mahalanobis()), the Score.</summary>
public sealed class MahalanobisScorer
{
    private readonly MahalanobisModel _model;

    public MahalanobisScorer(MahalanobisModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        _model = model;
    }

    public double[] Score(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int d = _model.FeatureCount;
        if (x.Columns != d) throw new ArgumentException($"The model expects {d} features per vector, got {x.Columns}.", nameof(x));
        var result = new double[x.Rows];
        var centred = new double[d];
        for (int r = 0; r < x.Rows; r++)
        {
            for (int j = 0; j < d; j++) centred[j] = x.Data[r * d + j] - _model.Location[j];
            double sum = 0;
            for (int i = 0; i < d; i++)
            {
                double row = 0;
                for (int j = 0; j < d; j++) row += _model.Precision[i * d + j] * centred[j];
                sum += centred[i] * row;
            }
            result[r] = sum;
        }
        return result;
    }
}
